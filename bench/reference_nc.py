"""Reference NC pipeline for bench/metrics.mjs: what researchers run today.

After tding1/Neural-Collapse@04ef586 validate_NC.py (theory.md §6.3): class means and the sample
global mean, the d×d within-class covariance Σ_W accumulated from the float32 features, the d×d
Σ_B, NC1 = Tr(Σ_W pinv(Σ_B))/K with scipy.linalg.pinv, plus the other metrics of the same family
(equinorm, max-angle, self-duality, NCC mismatch with the bias). Two ways to form Σ_W and the class
sums:
  --batched      (default) one sgemm Hcᵀ Hc per batch of rows: the fastest numpy form of the math;
  --per-sample   as validate_NC.py does it: a Python loop over samples adding each feature to its
                 class sum, then adding the outer product (h − μ_y)(h − μ_y)ᵀ of every sample.

usage: python3 reference_nc.py H.npy y.npy W.npy b.npy [--per-sample]   → one JSON line on stdout
"""
import json
import resource
import sys
import time

t_start = time.perf_counter()
import numpy as np  # noqa: E402

try:
    from scipy.linalg import pinv
    pinv_name = 'scipy.linalg.pinv'
except ImportError:  # pragma: no cover - scipy is optional
    pinv = np.linalg.pinv
    pinv_name = 'numpy.linalg.pinv'

BATCH = 8192


def main():
    t0 = time.perf_counter()
    H = np.load(sys.argv[1])
    y = np.load(sys.argv[2]).astype(np.int64)
    W = np.load(sys.argv[3]).astype(np.float32)
    b = np.load(sys.argv[4]).astype(np.float32)
    t_load = time.perf_counter()
    N, d = H.shape
    K = W.shape[0]

    per_sample = '--per-sample' in sys.argv[5:]
    # Class means and the sample global mean (compute_info).
    counts = np.bincount(y, minlength=K)
    if per_sample:
        sums = np.zeros((K, d), dtype=np.float32)
        for i in range(N):
            sums[y[i]] += H[i]
        mu = sums / counts[:, None].astype(np.float32)
    else:
        mu = np.stack([H[y == k].mean(axis=0) for k in range(K)])
    mu_G = H.mean(axis=0)
    t_means = time.perf_counter()

    # Σ_W: d×d, (1/N) Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})ᵀ (compute_Sigma_W), float32 as in torch.
    Sw = np.zeros((d, d), dtype=np.float32)
    if per_sample:
        for i in range(N):
            r = H[i] - mu[y[i]]
            Sw += np.outer(r, r)
    else:
        for s in range(0, N, BATCH):
            Hc = H[s:s + BATCH] - mu[y[s:s + BATCH]]
            Sw += Hc.T @ Hc
    Sw /= N
    t_sw = time.perf_counter()

    # Σ_B and NC1 (compute_Sigma_B, collapse_metric).
    Mc = mu - mu_G
    Sb = (Mc.T @ Mc) / K
    nc1 = float(np.trace(Sw @ pinv(Sb)) / K)
    t_nc1 = time.perf_counter()

    # NC2 / NC3 (means and classifiers only).
    norms_M = np.linalg.norm(Mc, axis=1)
    norms_W = np.linalg.norm(W, axis=1)
    cos_M = (Mc @ Mc.T) / np.outer(norms_M, norms_M)
    off = ~np.eye(K, dtype=bool)
    max_angle = float(np.abs(cos_M[off] + 1 / (K - 1)).mean())
    self_duality = float(np.linalg.norm(W / np.linalg.norm(W) - Mc / np.linalg.norm(Mc)) ** 2)

    # NC4: nearest class centre vs argmax(W h + b), per batch.
    mismatch = 0
    mu_sq = (mu.astype(np.float64) ** 2).sum(axis=1)
    for s in range(0, N, BATCH):
        h = H[s:s + BATCH]
        ncc = np.argmin(mu_sq[None, :] - 2 * (h @ mu.T), axis=1)
        lin = np.argmax(h @ W.T + b, axis=1)
        mismatch += int((ncc != lin).sum())
    t_nc4 = time.perf_counter()

    print(json.dumps({
        'nc1': nc1,
        'nccMismatch': mismatch / N,
        'equinormMeans': float(norms_M.std() / norms_M.mean()),
        'equinormClassifiers': float(norms_W.std() / norms_W.mean()),
        'maxAngleMeans': max_angle,
        'selfDuality': self_duality,
        'counts': counts.tolist(),
        'seconds': {
            'imports': t0 - t_start,
            'load': t_load - t0,
            'means': t_means - t_load,
            'sigmaW': t_sw - t_means,
            'pinvNc1': t_nc1 - t_sw,
            'nc2to4': t_nc4 - t_nc1,
            'total': t_nc4 - t_start,
        },
        'maxRssKb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        'cpuSeconds': resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
        'numpy': np.__version__,
        'pinv': pinv_name,
        'sigmaW': 'per-sample' if per_sample else 'batched',
    }))


if __name__ == '__main__':
    main()
