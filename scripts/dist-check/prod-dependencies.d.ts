/**
 * The names of every installed package reachable from the project's production dependencies
 * (dependencies, optional dependencies and non-optional peers), i.e. what may be packed.
 */
export declare function productionDependencyClosure(projectDir: string): Set<string>;
