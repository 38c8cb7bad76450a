// The one linear-algebra module of core: small dense float64 matrices as row-major Float64Array
// (K×K, d×K, d×d); the N×d work runs in tfjs. One file per concept.
export { cholesky, choleskySolve, invertLower, pivotedCholesky } from './cholesky';
export { toMatrix, toNested } from './convert';
export { cosineFromGram } from './cosine';
export type { SymmetricEigen } from './eigen';
export { scaleColumns, spectralFunction, symmetricEigen } from './eigen';
export { symmetricEigenvalues } from './eigenvalues';
export { squaredDistances } from './distances';
export { frobeniusNorm, row, rowNorms } from './norms';
export { gram, gramOfColumns, multiply, multiplyTransposed, transpose } from './products';
export type { ThinSvd } from './svd';
export { JACOBI_MAX_COLUMNS, maxSingularValue, numericalRank, pseudoInverse, rightSingular, thinSvd } from './svd';
