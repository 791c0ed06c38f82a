// The long form of storage-full-disk.test.ts: the disk fills up at every byte offset of a create
// and a delete, not at 60 spread over them. Run with `npm run test:long`.
process.env.FULL_DISK_OFFSETS = String(Number.MAX_SAFE_INTEGER);
await import('./storage-full-disk.test');
export {};
