// Names in the cache folder that code outside the cache needs (cli/earlyWorkers.ts looks for summaries before
// the cache's code loads).
export const CACHE_FOLDER = '.coherence_cache';
export const SUMMARIES_FILE = 'summaries.bin';
