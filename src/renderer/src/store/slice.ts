// How a feature slice is written: it creates its own state `S` and names, in `Deps`, the parts of
// other slices it calls (for example `Pick<NotificationsSlice, 'notify'>`). A slice never sees the
// combined store's type, so slices do not import each other through it and the compiler shows
// which slice uses which.
import type { StateCreator } from 'zustand';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "depends on no other slice"
export type SliceCreator<S, Deps = {}> = StateCreator<S & Deps, [], [], S>;
