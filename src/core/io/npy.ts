// Reader and writer for NumPy's .npy format (numpy/lib/format.py, "NPY format" versions 1.0–3.0):
//   bytes 0–5  magic "\x93NUMPY"      byte 6  major version      byte 7  minor version
//   v1.0: uint16 LE header length at 8; v2.0 and v3.0: uint32 LE at 8. v1/v2 headers are latin-1,
//   v3 headers UTF-8. The header is a Python dict literal {'descr': '<f4', 'fortran_order': False,
//   'shape': (N, d), } padded with spaces and ended by '\n'; the raw array data follows it.
//
// Two ways to read: `readNpy` decodes a whole (small) file — W, b, labels. `NpyFile` keeps a file
// handle and reads row ranges on demand, so a 1M×512 feature file is never fully in memory. Both
// convert every numeric dtype to float32 or float64 and return C (row-major) order.
//
// Fortran-order files stream too: a row range of a column-major array is one contiguous segment per
// column, so `readRows` issues one positional read per column (d reads per batch) and scatters the
// values into row-major order. That is correct at any size; it is slower than C order only by the
// extra system calls, which large batches amortise.
//
// The code is split by concern: npyHeader.ts (prelude, header dict, dtypes), npyDecode.ts (element
// decoding, whole-file reads), npyFile.ts (the streaming reader), npyWrite.ts (the writer). This module
// is the public face: import from here.
export { formatShape, parseNpyHeader, ITEM_SIZE, type FloatArray, type NpyArray, type NpyDtype, type NpyHeader } from './npyHeader';
export { decodeElements, decodeNpy, fileError, readNpy, rowLength } from './npyDecode';
export { NpyFile } from './npyFile';
export { encodeNpy, NpyWriter, npyHeaderBytes, writeNpy, type NpyWritableDtype } from './npyWrite';
