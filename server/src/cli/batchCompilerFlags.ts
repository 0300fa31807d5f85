// Imported first by cli.ts, before any worker starts. A check is a short batch on two cores: each summarizer
// worker JIT-compiles the same large walk functions (and compiles them again after each deoptimization) on
// V8's background threads, beside the parse. Two flags make that a fraction: no TurboFan inlining (each job is
// several times smaller) and a 4.4x tier-up budget (lukewarm functions are not optimized at all). The workers'
// own time does not move. Saleor (4,329 files), cold, user+sys: 15.4-15.7 s -> 14.0-14.4 s (no inlining) ->
// 13.1-13.3 s (both). On the synthetic bench projects (uniform generated code, little to recompile) they save
// 3 % at 4,000 modules and cost 2-5 % at 10,000. Long-lived uses (the language server, `coherence mcp`) keep V8's defaults.
import { setFlagsFromString } from 'v8';

if (process.argv[2] === 'check') {
  try {
    setFlagsFromString('--no-turbo-inlining');
    setFlagsFromString('--interrupt-budget=300000');
  } catch {
    // a runtime that refuses flag changes after start-up runs with its defaults
  }
}
