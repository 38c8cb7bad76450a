#!/usr/bin/python3
"""Interior-point reference for bench/lpm.mjs: the LPM's SDP relaxation (theory.md §2.2) with cvxopt.

    minimise  sum_k c_k (logsumexp(Z_k) - Z_kk),  Z = X[0:K, K:2K]
    s.t.      trace X[0:K, 0:K] <= K E_H,  trace X[K:2K, K:2K] <= K E_W,  X PSD (2K x 2K)

cvxopt has no exponential cone, so the log-sum-exp objective goes through solvers.cp (convex objective with
first and second derivatives) and the PSD constraint is an 's' cone in G/h. Reads one JSON object
{counts, eh, ew} on stdin, prints {objective, seconds, status, relativeGap} on stdout (seconds: the solver call only).
"""
import json
import math
import sys
import time

from cvxopt import matrix, solvers, spmatrix


def main():
    spec = json.load(sys.stdin)
    counts = spec["counts"]
    eh, ew = spec["eh"], spec["ew"]
    K = len(counts)
    total = float(sum(counts))
    c = [n / total for n in counts]
    N = 2 * K
    # Variables: the upper triangle of X, index of (i, j) with i <= j.
    index = {}
    for j in range(N):
        for i in range(j + 1):
            index[(i, j)] = len(index)
    n = len(index)
    z_var = [[index[(k, K + j)] for j in range(K)] for k in range(K)]

    def loss_terms(x):
        f = 0.0
        grad = [[0.0] * K for _ in range(K)]
        probs = []
        for k in range(K):
            row = [x[z_var[k][j]] for j in range(K)]
            m = max(row)
            e = [math.exp(v - m) for v in row]
            s = sum(e)
            p = [v / s for v in e]
            probs.append(p)
            f += c[k] * (m + math.log(s) - row[k])
            for j in range(K):
                grad[k][j] = c[k] * (p[j] - (1.0 if j == k else 0.0))
        return f, grad, probs

    def F(x=None, z=None):
        if x is None:
            return 0, matrix(0.0, (n, 1))
        f, grad, probs = loss_terms(x)
        Df = matrix(0.0, (1, n))
        for k in range(K):
            for j in range(K):
                Df[z_var[k][j]] = grad[k][j]
        if z is None:
            return matrix(f), Df
        H = matrix(0.0, (n, n))
        for k in range(K):
            p = probs[k]
            for a in range(K):
                for b in range(K):
                    h = c[k] * ((p[a] if a == b else 0.0) - p[a] * p[b])
                    H[z_var[k][a], z_var[k][b]] += z[0] * h
        return matrix(f), Df, H

    # PSD: s = h - G x = vec(X) (column-major, all N*N entries) in the 's' cone; traces in the 'l' cone.
    rows, cols, vals = [], [], []
    for (i, j), v in index.items():
        rows.append(2 + i + j * N); cols.append(v); vals.append(-1.0)
        if i != j:
            rows.append(2 + j + i * N); cols.append(v); vals.append(-1.0)
    for k in range(K):
        rows.append(0); cols.append(index[(k, k)]); vals.append(1.0)
        rows.append(1); cols.append(index[(K + k, K + k)]); vals.append(1.0)
    G = spmatrix(vals, rows, cols, (2 + N * N, n))
    h = matrix(0.0, (2 + N * N, 1))
    h[0] = K * eh
    h[1] = K * ew
    dims = {"l": 2, "q": [], "s": [N]}
    solvers.options["show_progress"] = False
    solvers.options["abstol"] = 1e-11
    solvers.options["reltol"] = 1e-11
    solvers.options["feastol"] = 1e-11
    solvers.options["maxiters"] = 200
    started = time.perf_counter()
    sol = solvers.cp(F, G=G, h=h, dims=dims)
    seconds = time.perf_counter() - started
    x = sol["x"]
    f, _, _ = loss_terms(x)
    print(json.dumps({"objective": f, "seconds": seconds, "status": sol["status"], "relativeGap": sol.get("relative gap")}))


if __name__ == "__main__":
    main()
