/** How well a confidence score ranks and matches "right": pure functions shared by training and evaluation. */

/** The labels a verdict or the truth carries (non-leads: only the disposition counts). */
export interface LabelSet {
	disposition: string;
	stage?: string | null;
	track?: string | null;
	primaryRole?: string | null;
}

/** Whether every label that applies is right (non-leads: the disposition alone). */
export function allRight(truth: LabelSet, got: LabelSet): boolean {
	if (got.disposition !== truth.disposition) return false;
	if (truth.disposition !== 'lead') return true;
	return got.stage === truth.stage && got.track === truth.track && got.primaryRole === truth.primaryRole;
}

export function expectedCalibrationError(points: Array<{ c: number; right: boolean }>, bins = 10): number {
	if (points.length === 0) return 0;
	const sum = new Array<number>(bins).fill(0);
	const hits = new Array<number>(bins).fill(0);
	const n = new Array<number>(bins).fill(0);
	for (const p of points) {
		const b = Math.min(bins - 1, Math.max(0, Math.floor(p.c * bins)));
		sum[b] += p.c;
		hits[b] += p.right ? 1 : 0;
		n[b]++;
	}
	let ece = 0;
	for (let b = 0; b < bins; b++) if (n[b]) ece += (n[b] / points.length) * Math.abs(sum[b] / n[b] - hits[b] / n[b]);
	return ece;
}

/** AUROC by ranks (ties count half); 1 when every right lead is more confident than every wrong one. */
export function auroc(points: Array<{ c: number; right: boolean }>): number {
	const sorted = [...points].sort((a, b) => a.c - b.c);
	let rankSum = 0;
	let pos = 0;
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j < sorted.length && sorted[j].c === sorted[i].c) j++;
		const rank = (i + 1 + j) / 2;
		for (let k = i; k < j; k++) {
			if (sorted[k].right) {
				rankSum += rank;
				pos++;
			}
		}
		i = j;
	}
	const neg = sorted.length - pos;
	if (pos === 0 || neg === 0) return 1;
	return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Share of "all right" among the `coverage` most confident leads. */
export function coverageAccuracy(points: Array<{ c: number; right: boolean }>, coverage: number): number {
	const sorted = [...points].sort((a, b) => b.c - a.c);
	const k = Math.max(1, Math.round(coverage * sorted.length));
	const top = sorted.slice(0, k);
	return top.length ? top.filter((p) => p.right).length / top.length : 0;
}
