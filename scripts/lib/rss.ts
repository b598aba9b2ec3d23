// Peak RSS of spawned processes, as the benches print it. A child's maxRSS starts from its
// parent's high-water mark (Linux keeps it across exec): a figure no higher than this
// process's own peak says only that the child stayed below it.

/** The highest of `bytes` in MB, or "<= <ours>" when it is no higher than this process's peak. */
export function peakRss(bytes: number[], digits = 1): string {
  const peak = Math.max(...bytes);
  const ours = process.resourceUsage().maxRSS * 1024;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(digits);
  return peak <= ours ? `<= ${mb(ours)}` : mb(peak);
}
