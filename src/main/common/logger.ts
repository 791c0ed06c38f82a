// A Logger that redacts before anything reaches its sink. The sink is injectable so that tests can
// capture every line and prove no secret is in it.
import { redact, redactDeep } from './redact';

/** Log lines go through the redaction helper before they reach a sink. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  details?: Record<string, unknown>;
  /** Epoch ms. */
  time: number;
}

export type LogSink = (entry: LogEntry) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Writes JSON lines to stderr: main-process logs must not mix with anything on stdout. */
export const consoleSink: LogSink = (entry) => {
  process.stderr.write(`${JSON.stringify(entry)}\n`);
};

/**
 * Creates a Logger. Every message and every string in `details` goes through `redact`, so a
 * caller that accidentally passes a token or a URL with `code=` still logs nothing secret.
 */
export function createLogger(
  options: { sink?: LogSink; level?: LogLevel; now?: () => number } = {},
): Logger {
  const sink = options.sink ?? consoleSink;
  const min = ORDER[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const write = (level: LogLevel) => (message: string, details?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const entry: LogEntry = { level, message: redact(message), time: now() };
    if (details) entry.details = redactDeep(details);
    sink(entry);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A sink that keeps entries in memory (tests, diagnostics export). */
export function createMemorySink(): LogSink & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const sink = ((entry: LogEntry) => {
    entries.push(entry);
  }) as LogSink & { entries: LogEntry[]; text(): string };
  sink.entries = entries;
  sink.text = () => entries.map((e) => JSON.stringify(e)).join('\n');
  return sink;
}

/** Drops everything; the engine's default when no logger is given. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
