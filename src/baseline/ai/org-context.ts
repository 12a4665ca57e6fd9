import type { OrgDirectoryEvent, OrgMessageEvent } from '../../events/event.js';

/** What the directory says about a person. */
export interface DirectoryEntry {
  manager?: string;
  department?: string;
  title?: string;
  displayName?: string;
}

/** A message someone received (from message trace). */
export interface ReceivedMessage {
  from: string;
  time: number;
  subject?: string;
}

/** A message as its sender sent it: every recipient, however many trace rows listed them. */
interface SentMessage {
  time: number;
  subject?: string;
  /** Distinct recipients, up to MAX_COUNTED_RECIPIENTS. */
  to: string[];
}

/** A manager's message to a person, with how widely it went. */
export interface ManagerMessage extends ReceivedMessage {
  role: 'manager' | 'skip-level manager';
  /** Distinct recipients of the same message (1 = to this person alone). */
  recipients: number;
}

/** Per recipient, at most this many recent messages are kept. */
const MAX_MESSAGES_PER_RECIPIENT = 32;
/** Per sender, at most this many recent messages are kept. */
const MAX_MESSAGES_PER_SENDER = 64;
/** Beyond this many recipients a message is a broadcast and the exact number stops mattering. */
const MAX_COUNTED_RECIPIENTS = 256;
/**
 * Message trace lists one row per recipient, with times that differ by seconds: rows of one
 * sender with the same subject this close together are one message.
 */
const SAME_MESSAGE_MS = 120_000;

export interface OrgContextSnapshot {
  directory: [string, DirectoryEntry][];
  inbox: [string, ReceivedMessage[]][];
  sent?: [string, SentMessage[]][];
}

/**
 * The organisation around a person: the directory (manager, department, title) and who recently
 * wrote to them. It answers "who are this person's peers" and "did their manager just write to
 * them", the context that turns an alarming burst into an assigned task.
 */
export class OrgContext {
  private readonly directory = new Map<string, DirectoryEntry>();
  private readonly byDepartment = new Map<string, Set<string>>();
  private readonly byManager = new Map<string, Set<string>>();
  private readonly inbox = new Map<string, ReceivedMessage[]>();
  private readonly sent = new Map<string, SentMessage[]>();

  constructor(private readonly messageMemoryMs: number) {}

  learnDirectory(e: OrgDirectoryEvent): void {
    const prev = this.directory.get(e.user);
    if (prev !== undefined) this.unindex(e.user, prev);
    const entry: DirectoryEntry = {};
    if (e.manager !== undefined) entry.manager = e.manager;
    if (e.department !== undefined) entry.department = e.department;
    if (e.title !== undefined) entry.title = e.title;
    if (e.displayName !== undefined) entry.displayName = e.displayName;
    this.directory.set(e.user, entry);
    this.index(e.user, entry);
  }

  learnMessage(e: OrgMessageEvent): void {
    this.learnSent(e);
    for (const to of e.to) {
      let list = this.inbox.get(to);
      if (list === undefined) {
        list = [];
        this.inbox.set(to, list);
      }
      const m: ReceivedMessage = { from: e.from, time: e.time };
      if (e.subject !== undefined) m.subject = e.subject;
      list.push(m);
      let drop = 0;
      while (drop < list.length && list[drop]!.time < e.time - this.messageMemoryMs) drop++;
      if (list.length - drop > MAX_MESSAGES_PER_RECIPIENT) drop = list.length - MAX_MESSAGES_PER_RECIPIENT;
      if (drop > 0) list.splice(0, drop);
    }
  }

  entry(user: string): DirectoryEntry | undefined {
    return this.directory.get(user);
  }

  /** People in the same department, not counting `user`. */
  departmentPeers(user: string): string[] {
    const d = this.directory.get(user)?.department;
    if (d === undefined) return [];
    return [...(this.byDepartment.get(d.toLowerCase()) ?? [])].filter((u) => u !== user);
  }

  /** People with the same manager, not counting `user`. */
  teammates(user: string): string[] {
    const m = this.directory.get(user)?.manager;
    if (m === undefined) return [];
    return [...(this.byManager.get(m) ?? [])].filter((u) => u !== user);
  }

  /**
   * Messages to `user` from their manager (or their manager's manager) in [since, now], newest
   * first, each with how many people it went to: the candidates for "my manager asked for it".
   */
  managerMessages(user: string, since: number, now: number): ManagerMessage[] {
    const manager = this.directory.get(user)?.manager;
    if (manager === undefined) return [];
    const skip = this.directory.get(manager)?.manager;
    const list = this.inbox.get(user);
    if (list === undefined) return [];
    const out: ManagerMessage[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.time > now) continue;
      if (m.time < since) break;
      const role =
        m.from === manager ? 'manager' : skip !== undefined && m.from === skip ? 'skip-level manager' : undefined;
      if (role === undefined) continue;
      const same = this.sameMessage(m.from, m.time, m.subject);
      out.push({ ...m, role, recipients: Math.max(1, same?.to.length ?? 1) });
    }
    return out;
  }

  /** The latest of managerMessages, or undefined. */
  managerMessage(user: string, since: number, now: number): ManagerMessage | undefined {
    return this.managerMessages(user, since, now)[0];
  }

  private sameMessage(from: string, time: number, subject: string | undefined): SentMessage | undefined {
    const list = this.sent.get(from);
    if (list === undefined) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.subject === subject && Math.abs(m.time - time) <= SAME_MESSAGE_MS) return m;
      if (m.time < time - SAME_MESSAGE_MS) break;
    }
    return undefined;
  }

  private learnSent(e: OrgMessageEvent): void {
    let m = this.sameMessage(e.from, e.time, e.subject);
    if (m === undefined) {
      let list = this.sent.get(e.from);
      if (list === undefined) {
        list = [];
        this.sent.set(e.from, list);
      }
      m = { time: e.time, to: [] };
      if (e.subject !== undefined) m.subject = e.subject;
      list.push(m);
      let drop = 0;
      while (drop < list.length && list[drop]!.time < e.time - this.messageMemoryMs) drop++;
      if (list.length - drop > MAX_MESSAGES_PER_SENDER) drop = list.length - MAX_MESSAGES_PER_SENDER;
      if (drop > 0) list.splice(0, drop);
    }
    for (const to of e.to) if (m.to.length < MAX_COUNTED_RECIPIENTS && !m.to.includes(to)) m.to.push(to);
  }

  get size(): number {
    return this.directory.size;
  }

  private index(user: string, e: DirectoryEntry): void {
    if (e.department !== undefined) addTo(this.byDepartment, e.department.toLowerCase(), user);
    if (e.manager !== undefined) addTo(this.byManager, e.manager, user);
  }

  private unindex(user: string, e: DirectoryEntry): void {
    if (e.department !== undefined) this.byDepartment.get(e.department.toLowerCase())?.delete(user);
    if (e.manager !== undefined) this.byManager.get(e.manager)?.delete(user);
  }

  snapshot(): OrgContextSnapshot {
    return {
      directory: [...this.directory],
      inbox: [...this.inbox].map(([k, v]) => [k, v.slice()]),
      sent: [...this.sent].map(([k, v]) => [k, v.map((m) => ({ ...m, to: m.to.slice() }))]),
    };
  }

  restore(s: OrgContextSnapshot): void {
    this.directory.clear();
    this.byDepartment.clear();
    this.byManager.clear();
    this.inbox.clear();
    this.sent.clear();
    for (const [u, e] of s.directory) {
      this.directory.set(u, { ...e });
      this.index(u, e);
    }
    for (const [u, list] of s.inbox) this.inbox.set(u, list.slice());
    for (const [u, list] of s.sent ?? [])
      this.sent.set(
        u,
        list.map((m) => ({ ...m, to: m.to.slice() })),
      );
  }
}

function addTo(m: Map<string, Set<string>>, key: string, v: string): void {
  let s = m.get(key);
  if (s === undefined) {
    s = new Set();
    m.set(key, s);
  }
  s.add(v);
}
