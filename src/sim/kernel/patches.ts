// Named fixes and hardenings a scenario can apply (config.patches / --patch).
export interface PatchInfo {
  name: string;
  /** What the patch changes, and where it comes from. */
  description: string;
}

export const KNOWN_PATCHES: readonly PatchInfo[] = [];
