/**
 * The shared linear algebra of the engine: each routine is the one the R function it mirrors uses, so
 * that rank decisions, generalised inverses and refusals are R's, not only the solutions.
 *
 *   choleskyDecompose / choleskySolve / choleskyInvert   survival's cholesky2, chsolve2, chinv2 (coxph,
 *       agreg, the Wald tests; also glm's and multinom's Newton steps here), tolerance toler.chol
 *   solveLikeR          R's solve(a, b): LAPACK dgesv (LU, partial pivoting) with its exact-singularity and
 *                       reciprocal-condition refusals (cox.zph's score tests)
 *   solveIfFullRank     R's qr() rank test (LINPACK dqrdc2, tol 1e-7), then the solve (cmprsk's Gray test)
 *   solveLinear         Gaussian elimination with partial pivoting, null below a 1e-12 relative pivot
 *                       (the log-rank's variance matrix, as survdiff's solve)
 *
 * Matrices are small (p x p for p coefficients or k - 1 groups), row-major.
 */

/** R's coxph.control()$toler.chol = .Machine$double.eps^0.75. */
export const CHOLESKY_TOLERANCE = Math.pow(2 ** -52, 0.75);

// Cholesky decomposition C = F D Fᵀ with redundancy detection (the algorithm of survival's
// cholesky2/chsolve2/chinv2). Matrices are p×p row-major Float64Arrays; the input is read from the
// upper triangle, the factor is kept in the lower triangle with D on the diagonal.

/** Factor in place; returns the rank (negated if the matrix is not non-negative definite). */
export function choleskyDecompose(m: Float64Array, p: number, tolerance: number): number {
  let largest = 0;
  for (let i = 0; i < p; i++) {
    if (m[i * p + i] > largest) largest = m[i * p + i];
    for (let j = i + 1; j < p; j++) m[j * p + i] = m[i * p + j];
  }
  if (largest === 0) return 0;
  const threshold = largest * tolerance;
  let rank = 0;
  let nonNegative = 1;
  for (let i = 0; i < p; i++) {
    const pivot = m[i * p + i];
    if (!Number.isFinite(pivot) || pivot < threshold) {
      m[i * p + i] = 0;
      if (pivot < -8 * threshold) nonNegative = -1;
    } else {
      rank++;
      for (let j = i + 1; j < p; j++) {
        const f = m[j * p + i] / pivot;
        m[j * p + i] = f;
        m[j * p + j] -= f * f * pivot;
        for (let k = j + 1; k < p; k++) m[k * p + j] -= f * m[k * p + i];
      }
    }
  }
  return rank * nonNegative;
}

/** Solve (F D Fᵀ) b = y in place; a redundant column (D = 0) gets b = 0. */
export function choleskySolve(m: Float64Array, p: number, y: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let v = y[i];
    for (let j = 0; j < i; j++) v -= y[j] * m[i * p + j];
    y[i] = v;
  }
  for (let i = p - 1; i >= 0; i--) {
    if (m[i * p + i] === 0) y[i] = 0;
    else {
      let v = y[i] / m[i * p + i];
      for (let j = i + 1; j < p; j++) v -= y[j] * m[j * p + i];
      y[i] = v;
    }
  }
}

/** Generalised inverse from the factor, in place, returned in full (symmetric) form. */
export function choleskyInvert(m: Float64Array, p: number): void {
  // Invert F (unit lower triangular) and D.
  for (let i = 0; i < p; i++) {
    if (m[i * p + i] > 0) {
      m[i * p + i] = 1 / m[i * p + i];
      for (let j = i + 1; j < p; j++) {
        m[j * p + i] = -m[j * p + i];
        for (let k = 0; k < i; k++) m[j * p + k] += m[j * p + i] * m[i * p + k];
      }
    }
  }
  // (F D Fᵀ)⁻¹ = F⁻ᵀ D⁻¹ F⁻¹, into the upper triangle; redundant rows/columns become 0.
  for (let i = 0; i < p; i++) {
    if (m[i * p + i] === 0) {
      for (let j = 0; j < i; j++) m[j * p + i] = 0;
      for (let j = i; j < p; j++) m[i * p + j] = 0;
    } else {
      for (let j = i + 1; j < p; j++) {
        const v = m[j * p + i] * m[j * p + j];
        m[i * p + j] = v;
        for (let k = i; k < j; k++) m[i * p + k] += v * m[j * p + k];
      }
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) m[i * p + j] = m[j * p + i];
}

/** Why a score test has no value: R's solve() error for the system. */
export interface SingularSystem {
  /** R's message, e.g. "system is computationally singular: reciprocal condition number = 1.2e-20". */
  reason: string;
}

/** R's tolerance in solve.default: the system is refused when its reciprocal condition number is below it. */
const SOLVE_TOLERANCE = 2 ** -52;

/**
 * Solves A x = b (A m x m row-major) as R's solve(a, b) does: LU with partial pivoting (LAPACK dgesv),
 * refusing an exactly singular factor ("Lapack routine dgesv: system is exactly singular: U[k,k] = 0")
 * and a system whose reciprocal condition number in the 1-norm is below machine epsilon ("system is
 * computationally singular: reciprocal condition number = …"). R estimates ||A^-1||_1 (dgecon); here it
 * is computed exactly from the factors, the matrices being small (2p x 2p at most).
 */
export function solveLikeR(matrix: number[], m: number, rhs: number[]): { x: number[] } | SingularSystem {
  const a = matrix.slice();
  const perm = Array.from({ length: m }, (_, i) => i);
  let normA = 0;
  for (let c = 0; c < m; c++) {
    let column = 0;
    for (let r = 0; r < m; r++) column += Math.abs(a[r * m + c]);
    normA = Math.max(normA, column);
  }
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r * m + col]) > Math.abs(a[pivot * m + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < m; c++) [a[col * m + c], a[pivot * m + c]] = [a[pivot * m + c], a[col * m + c]];
      [perm[col], perm[pivot]] = [perm[pivot], perm[col]];
    }
    const diagonal = a[col * m + col];
    if (diagonal === 0 || Number.isNaN(diagonal)) return { reason: `Lapack routine dgesv: system is exactly singular: U[${col + 1},${col + 1}] = 0` };
    for (let r = col + 1; r < m; r++) {
      const factor = (a[r * m + col] /= diagonal);
      if (factor === 0) continue;
      for (let c = col + 1; c < m; c++) a[r * m + c] -= factor * a[col * m + c];
    }
  }
  const solve = (b: number[]): number[] => {
    const y = perm.map((i) => b[i]);
    for (let r = 0; r < m; r++) for (let c = 0; c < r; c++) y[r] -= a[r * m + c] * y[c];
    for (let r = m - 1; r >= 0; r--) {
      for (let c = r + 1; c < m; c++) y[r] -= a[r * m + c] * y[c];
      y[r] /= a[r * m + r];
    }
    return y;
  };
  // ||A^-1||_1: the largest column sum of the inverse, one solve per unit vector.
  let normInverse = 0;
  for (let c = 0; c < m; c++) {
    const unit = new Array<number>(m).fill(0);
    unit[c] = 1;
    normInverse = Math.max(normInverse, solve(unit).reduce((sum, v) => sum + Math.abs(v), 0));
  }
  const rcond = normA > 0 && Number.isFinite(normInverse) ? 1 / (normA * normInverse) : 0;
  if (!(rcond >= SOLVE_TOLERANCE)) return { reason: `system is computationally singular: reciprocal condition number = ${formatLikeC(rcond)}` };
  return { x: solve(rhs) };
}

/** C's %g: six significant digits, exponent form below 1e-4. */
function formatLikeC(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6) return String(Number(value.toPrecision(6)));
  const [mantissa, exponent] = value.toExponential(5).split('e');
  const trimmed = mantissa.replace(/\.?0+$/, '');
  const e = Number(exponent);
  return `${trimmed}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/**
 * Solves V x = b for a small symmetric V, or returns null when V is rank-deficient in the sense of
 * R's qr() (LINPACK dqrdc2, tol = 1e-7): a column whose part orthogonal to the earlier columns has
 * norm below 1e-7 times its own norm. That test is done by modified Gram–Schmidt; the solve itself
 * by Gaussian elimination with partial pivoting.
 */
export function solveIfFullRank(matrix: Float64Array, rhs: Float64Array, m: number): Float64Array | null {
  const basis: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const column = new Float64Array(m);
    for (let i = 0; i < m; i++) column[i] = matrix[i * m + j];
    const norm = Math.hypot(...column);
    for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i] * column[i];
      for (let i = 0; i < m; i++) column[i] -= dot * q[i];
    }
    const residual = Math.hypot(...column);
    if (!(norm > 0) || !(residual >= 1e-7 * norm)) return null;
    for (let i = 0; i < m; i++) column[i] /= residual;
    basis.push(column);
  }
  const lu = Float64Array.from(matrix);
  const x = Float64Array.from(rhs);
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(lu[r * m + col]) > Math.abs(lu[pivot * m + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < m; k++) {
        const held = lu[col * m + k];
        lu[col * m + k] = lu[pivot * m + k];
        lu[pivot * m + k] = held;
      }
      const held = x[col];
      x[col] = x[pivot];
      x[pivot] = held;
    }
    for (let r = col + 1; r < m; r++) {
      const factor = lu[r * m + col] / lu[col * m + col];
      if (factor === 0) continue;
      for (let k = col; k < m; k++) lu[r * m + k] -= factor * lu[col * m + k];
      x[r] -= factor * x[col];
    }
  }
  for (let row = m - 1; row >= 0; row--) {
    let sum = x[row];
    for (let k = row + 1; k < m; k++) sum -= lu[row * m + k] * x[k];
    x[row] = sum / lu[row * m + row];
  }
  return x;
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting; null when A is (numerically) singular,
 * i.e. a pivot falls below 1e-12 of the largest entry (R's solve() stops there too).
 */
export function solveLinear(matrix: number[][], rhs: number[]): number[] | null {
  const size = rhs.length;
  const a = matrix.map((row) => row.slice());
  const b = rhs.slice();
  let scale = 0;
  for (const row of a) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (scale === 0) return null;
  for (let col = 0; col < size; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivotRow][col])) pivotRow = r;
    if (Math.abs(a[pivotRow][col]) <= 1e-12 * scale) return null;
    [a[col], a[pivotRow]] = [a[pivotRow], a[col]];
    [b[col], b[pivotRow]] = [b[pivotRow], b[col]];
    for (let r = col + 1; r < size; r++) {
      const factor = a[r][col] / a[col][col];
      if (factor === 0) continue;
      for (let c = col; c < size; c++) a[r][c] -= factor * a[col][c];
      b[r] -= factor * b[col];
    }
  }
  const x = new Array<number>(size);
  for (let r = size - 1; r >= 0; r--) {
    let sum = b[r];
    for (let c = r + 1; c < size; c++) sum -= a[r][c] * x[c];
    x[r] = sum / a[r][r];
  }
  return x;
}
