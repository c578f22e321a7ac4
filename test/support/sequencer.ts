import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that start child processes first, then the rest in vitest's own order (the longest first when its
 * cache knows the last durations, else the largest first; unit files last). vitest's default queues the
 * projects one after another by name, so on a fresh clone (no cache, as on CI) the process project — the
 * longest files of the run, a minute and more each — started last and the run waited for them at its end
 * with the other workers idle. Started first, they run beside the many short files.
 */
export class SpawnersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const spawns = (f: TestSpecification) => f.project.name === 'process' || /-cli\.test\.ts$/.test(f.moduleId);
    return [...sorted.filter(spawns), ...sorted.filter((f) => !spawns(f))];
  }
}
