import { describe, expect, it } from 'vitest';
import type { Event, OrgMessageEvent } from '../../events/event.js';
import type { Reject } from '../../store/store.js';
import { messageTraceDecoder, traceTime } from './message-trace.js';

function decode(lines: string[]): { events: OrgMessageEvent[]; rejects: Reject[] } {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const d = messageTraceDecoder.open('trace.csv', {
    event: (e) => events.push(e),
    reject: (r) => rejects.push(r),
    skip: () => {},
  });
  for (const [i, l] of lines.entries()) d.line(l, i + 1);
  d.end();
  return { events: events as OrgMessageEvent[], rejects };
}

describe('Exchange message trace decoder', () => {
  it('reads Get-MessageTrace CSV with a #TYPE line and quoted commas', () => {
    const { events, rejects } = decode([
      '#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace',
      '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId","Index"',
      '"3/12/2026 8:55:10 AM","Miriam@contoso.com","adele@contoso.com","Urgent: Project Falcon, starts today","Delivered","","10.0.0.5","4096","<a@contoso.com>","0f1e","0"',
      '"3/12/2026 1:05:00 PM","x@contoso.com","","No recipient","Failed","","","1","<b>","0f1f","1"',
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'org.message',
      time: Date.UTC(2026, 2, 12, 8, 55, 10),
      from: 'miriam@contoso.com',
      to: ['adele@contoso.com'],
      subject: 'Urgent: Project Falcon, starts today',
      entity: { kind: 'user', id: 'miriam@contoso.com' },
    });
    expect(events[0]!.source).toEqual({ input: 'trace.csv', line: 3, cursor: '0f1e' });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toMatch(/recipient/);
  });

  it('reads historical search CSV and the Graph JSON shape', () => {
    const hist = decode([
      'origin_timestamp_utc,sender_address,recipient_status,message_subject',
      '2026-03-12T08:55:10.123Z,miriam@contoso.com,"adele@contoso.com##Receive, Deliver;bob@contoso.com##Receive",Falcon',
    ]);
    expect(hist.events[0]!.to).toEqual(['adele@contoso.com', 'bob@contoso.com']);
    const graph = decode([
      JSON.stringify({
        value: [
          {
            receivedDateTime: '2026-03-12T08:55:10Z',
            senderAddress: 'm@contoso.com',
            recipientAddress: 'a@contoso.com',
            subject: 's',
          },
        ],
      }),
    ]);
    expect(graph.events[0]).toMatchObject({
      from: 'm@contoso.com',
      to: ['a@contoso.com'],
      time: Date.UTC(2026, 2, 12, 8, 55, 10),
    });
  });

  it('parses the time forms Exchange exports use', () => {
    expect(traceTime('/Date(1773306843000)/')).toBe(1773306843000);
    expect(traceTime('12/3/2026 12:00:00 AM')).toBe(Date.UTC(2026, 11, 3, 0, 0, 0));
    expect(traceTime('2026-03-12 08:55:10')).toBe(Date.UTC(2026, 2, 12, 8, 55, 10));
    expect(traceTime('soon')).toBeUndefined();
  });

  it('sniffs message traces only', () => {
    expect(
      messageTraceDecoder.sniff('"Received","SenderAddress","RecipientAddress","Subject"\n', 'x.csv'),
    ).toBeGreaterThan(0.5);
    expect(messageTraceDecoder.sniff('{"time":"2026-01-01T00:00:00Z","actor":"a","prompt":"x"}', 'x')).toBe(0);
  });
});
