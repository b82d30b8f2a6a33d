/**
 * TOPSIS (Technique for Order of Preference by Similarity to Ideal Solution, Hwang & Yoon 1981)
 * as the aerOS Trust Manager ranks the IEs of a domain for the reliability component:
 *   1. vector normalization per criterion: r_ij = x_ij / sqrt(Σ_i x_ij²)  (0 when the column is all 0);
 *   2. weighting by the magnitude of the signed weight: v_ij = |w_j| · r_ij;
 *   3. ideal A+ / anti-ideal A−: for a benefit criterion (w > 0) max / min of v_·j, for a cost (w < 0) min / max;
 *   4. Euclidean distances d+_i = |v_i − A+|, d−_i = |v_i − A−|;
 *   5. closeness C_i = d−_i / (d+_i + d−_i).
 * Alternatives that TOPSIS cannot tell apart (d+ + d− = 0) get `undecided`.
 */
export interface TopsisCriterion {
  /** Signed weight: positive = benefit (more is better), negative = cost. */
  readonly weight: number;
}

/**
 * @param matrix one row per alternative, one column per criterion (finite numbers)
 * @returns closeness 0–1 per row, `undecided` where the row is at both ideals at once
 */
export function topsisCloseness(matrix: readonly (readonly number[])[], criteria: readonly TopsisCriterion[], undecided: number): number[] {
  const m = matrix.length;
  const n = criteria.length;
  const norms = new Array<number>(n).fill(0);
  for (const row of matrix) for (let j = 0; j < n; j++) norms[j] += row[j] * row[j];
  for (let j = 0; j < n; j++) norms[j] = Math.sqrt(norms[j]);
  const weighted = matrix.map((row) => row.map((x, j) => (norms[j] === 0 ? 0 : (Math.abs(criteria[j].weight) * x) / norms[j])));
  const ideal = new Array<number>(n);
  const anti = new Array<number>(n);
  for (let j = 0; j < n; j++) {
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i < m; i++) {
      max = Math.max(max, weighted[i][j]);
      min = Math.min(min, weighted[i][j]);
    }
    const benefit = criteria[j].weight > 0;
    ideal[j] = benefit ? max : min;
    anti[j] = benefit ? min : max;
  }
  return weighted.map((v) => {
    let plus = 0;
    let minus = 0;
    for (let j = 0; j < n; j++) {
      plus += (v[j] - ideal[j]) ** 2;
      minus += (v[j] - anti[j]) ** 2;
    }
    const dPlus = Math.sqrt(plus);
    const dMinus = Math.sqrt(minus);
    return dPlus + dMinus === 0 ? undecided : dMinus / (dPlus + dMinus);
  });
}

/**
 * The same TOPSIS over a flat row-major matrix (m rows × n columns, Float64Array), with the same
 * arithmetic in the same order as topsisCloseness, so both give identical numbers. The hot path of
 * trust on change: a domain of 10k IEs is ranked without one JS array per row.
 */
export function topsisClosenessFlat(values: Float64Array, m: number, criteria: readonly TopsisCriterion[], undecided: number): Float64Array {
  const n = criteria.length;
  const norms = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) norms[j] += values[i * n + j] * values[i * n + j];
  for (let j = 0; j < n; j++) norms[j] = Math.sqrt(norms[j]);
  const weighted = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) weighted[i * n + j] = norms[j] === 0 ? 0 : (Math.abs(criteria[j].weight) * values[i * n + j]) / norms[j];
  }
  const ideal = new Float64Array(n);
  const anti = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i < m; i++) {
      max = Math.max(max, weighted[i * n + j]);
      min = Math.min(min, weighted[i * n + j]);
    }
    const benefit = criteria[j].weight > 0;
    ideal[j] = benefit ? max : min;
    anti[j] = benefit ? min : max;
  }
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let plus = 0;
    let minus = 0;
    for (let j = 0; j < n; j++) {
      plus += (weighted[i * n + j] - ideal[j]) ** 2;
      minus += (weighted[i * n + j] - anti[j]) ** 2;
    }
    const dPlus = Math.sqrt(plus);
    const dMinus = Math.sqrt(minus);
    out[i] = dPlus + dMinus === 0 ? undecided : dMinus / (dPlus + dMinus);
  }
  return out;
}
