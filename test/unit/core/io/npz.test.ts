// .npz archives: two written by numpy itself (stored and deflated, ZIP64 local headers as numpy
// writes them), archives assembled with fflate, and the error messages.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { readArrayFile } from '../../../../src/core/io/arrayFile';
import { encodeNpy } from '../../../../src/core/io/npy';
import { decodeNpz, readNpz } from '../../../../src/core/io/npz';

const dir = mkdtempSync(join(tmpdir(), 'npz-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// f = io.BytesIO(); np.savez(f, W=np.array([[1, 2], [3, 4]], dtype=np.float32), b=np.array([0.5, -0.5]))
const NUMPY_STORED =
  'UEsDBC0AAAAAAAAAIQBO+yB1//////////8FABQAVy5ucHkBABAAkAAAAAAAAACQAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAACAPwAAAEAAAEBAAACAQFBLAwQtAAAAAAAAACEA7cZ46///////////BQAUAGIubnB5AQAQAJAAAAAAAAAAkAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAAAAAAAOA/AAAAAAAA4L9QSwECLQMtAAAAAAAAACEATvsgdZAAAACQAAAABQAAAAAAAAAAAAAAgAEAAAAAVy5ucHlQSwECLQMtAAAAAAAAACEA7cZ465AAAACQAAAABQAAAAAAAAAAAAAAgAHHAAAAYi5ucHlQSwUGAAAAAAIAAgBmAAAAjgEAAAAA';
// f = io.BytesIO(); np.savez_compressed(f, y=np.array([0, 1, 1, 2, 0], dtype=np.int64))
const NUMPY_DEFLATED =
  'UEsDBC0AAAAIAAAAIQCIQaHb//////////8FABQAeS5ucHkBABAAqAAAAAAAAABNAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TaaGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GqY6mjoKtQoUAC4GKGBEo5kYUAEAUEsBAi0DLQAAAAgAAAAhAIhBodtNAAAAqAAAAAUAAAAAAAAAAAAAAIABAAAAAHkubnB5UEsFBgAAAAABAAEAMwAAAIQAAAAAAA==';

describe('.npz reading', () => {
  it('reads an archive numpy stored (np.savez)', () => {
    const arrays = decodeNpz(Buffer.from(NUMPY_STORED, 'base64'), 'stored.npz');
    assert.deepEqual([...arrays.keys()].sort(), ['W', 'b']);
    assert.deepEqual(arrays.get('W')!.shape, [2, 2]);
    assert.deepEqual(Array.from(arrays.get('W')!.data), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(arrays.get('b')!.data), [0.5, -0.5]);
  });

  it('reads an archive numpy deflated (np.savez_compressed)', () => {
    const arrays = decodeNpz(Buffer.from(NUMPY_DEFLATED, 'base64'), 'deflated.npz');
    assert.deepEqual(Array.from(arrays.get('y')!.data), [0, 1, 1, 2, 0]);
  });

  it('reads stored and deflated members side by side and picks members by key', async () => {
    const zip = zipSync({
      'H.npy': [encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]), { level: 0 }],
      'y.npy': [encodeNpy(new Int32Array([2, 0, 1]), [3]), { level: 9 }],
    });
    const path = join(dir, 'mixed.npz');
    writeFileSync(path, zip);
    const arrays = await readNpz(path);
    assert.deepEqual(Array.from(arrays.get('H')!.data), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from((await readArrayFile(`${path}:y`)).data), [2, 0, 1]);
    await assert.rejects(readArrayFile(path), /mixed\.npz: holds 2 arrays \(H, y\); name one as .*mixed\.npz:<key>/);
    await assert.rejects(readArrayFile(`${path}:W`), /mixed\.npz: has no array "W" \(it holds H, y\)/);
  });

  it('reports a file that is not a zip, a corrupt archive and a member that is not .npy', () => {
    assert.throws(() => decodeNpz(encodeNpy(new Float32Array(2), [2]), 'x.npz'), /x\.npz: not an \.npz file \(no zip signature "PK"\)/);
    const zip = zipSync({ 'a.npy': encodeNpy(new Float32Array(64), [64]) });
    assert.throws(() => decodeNpz(zip.subarray(0, zip.length - 30), 't.npz'), /t\.npz: corrupt or truncated \.npz archive/);
    assert.throws(() => decodeNpz(zipSync({ 'notes.txt': new Uint8Array([65]) }), 'n.npz'), /n\.npz: member "notes\.txt" is not a \.npy array/);
    const bad = zipSync({ 'W.npy': new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) });
    assert.throws(() => decodeNpz(bad, 'm.npz'), /m\.npz:W\.npy: not a \.npy file/);
  });
});
