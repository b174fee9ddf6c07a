/** The sysexits.h codes the pipe mode uses: pipe(8) defers on EX_TEMPFAIL and bounces on EX_UNAVAILABLE. */
export const EX = { ok: 0, unavailable: 69, tempfail: 75 } as const;
