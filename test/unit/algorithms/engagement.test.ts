import { describe, expect, it } from 'vitest';
import { eventEvidence, foldInteractions, interactionEngagement, type EngagementParams } from '../../../src/algorithms/profile/engagement.js';
import type { TrackedEvent } from '../../../src/core/types.js';

const params: EngagementParams = {
  weights: { completion: 0.4, rating: 0.3, rewatch: 0.2, dismiss: -0.5 },
  minCompletion: 0.3,
  ratingScale: { min: 1, max: 5 },
};

let seq = 0;
function ev(type: TrackedEvent['type'], extra: Partial<TrackedEvent> = {}): TrackedEvent {
  seq++;
  return { id: `e${seq}`, userId: 'u', contentId: 'i', type, rewatch: false, timestamp: seq * 1000, ...extra };
}
const engagementOf = (...events: TrackedEvent[]) => interactionEngagement(foldInteractions(events, params.ratingScale).get('i')!, params);

describe("engagement (the original crate's formula)", () => {
  it('full completion, top rating and a rewatch give 0.4 + 0.3 + 0.2 = 0.9', () => {
    expect(engagementOf(ev('rate', { completion: 1, rating: 5, rewatch: true }))).toBeCloseTo(0.9, 12);
  });

  it('completion at the minimum without a rating gives 0.4·0.5 + 0.3·0.5·0.5 = 0.275', () => {
    expect(engagementOf(ev('view', { completion: 0.3 }))).toBeCloseTo(0.275, 12);
  });

  it('maps completion linearly from 0.5 at the minimum to 1 at the end', () => {
    // cs = 0.5 + (0.65 - 0.3) / 1.4 = 0.75 → 0.4·0.75 + 0.15·0.75
    expect(engagementOf(ev('view', { completion: 0.65 }))).toBeCloseTo(0.4 * 0.75 + 0.15 * 0.75, 12);
  });

  it('is 0 below the minimum completion', () => {
    expect(engagementOf(ev('view', { completion: 0.29 }))).toBe(0);
  });

  it('reads ratings on the configured scale', () => {
    // rating 3 of 1..5 is 0.5; a rating implies the item was watched (cs = 1)
    expect(engagementOf(ev('rate', { rating: 3 }))).toBeCloseTo(0.4 + 0.15, 12);
    const tenScale = { ...params, ratingScale: { min: 0, max: 10 } };
    const it10 = foldInteractions([ev('rate', { rating: 8 })], tenScale.ratingScale).get('i')!;
    expect(interactionEngagement(it10, tenScale)).toBeCloseTo(0.4 + 0.3 * 0.8, 12);
  });

  it('counts a like as a full rating', () => {
    expect(engagementOf(ev('like'))).toBeCloseTo(0.7, 12);
  });

  it('subtracts 0.5 for a dismissal after watching, clamped at 0', () => {
    expect(engagementOf(ev('complete', { completion: 1 }), ev('dismiss'))).toBeCloseTo(0.4 + 0.15 - 0.5, 12);
    expect(engagementOf(ev('view', { completion: 0.3 }), ev('dismiss'))).toBe(0);
  });

  it('forgets a dismissal when the user watches again afterwards', () => {
    expect(engagementOf(ev('dismiss'), ev('complete'))).toBeCloseTo(0.55, 12);
  });

  it('is 0 for dislikes and for clicks alone', () => {
    expect(engagementOf(ev('complete'), ev('dislike'))).toBe(0);
    expect(engagementOf(ev('click'), ev('play'))).toBe(0);
  });

  it('folds events in time order whatever order they arrive in', () => {
    const a = ev('rate', { rating: 2, timestamp: 1 });
    const b = ev('rate', { rating: 5, timestamp: 2 });
    const folded = foldInteractions([b, a], params.ratingScale).get('i')!;
    expect(folded.rating).toBe(1);
    expect(folded.eventCount).toBe(2);
    expect(folded.intentOnly).toBe(false);
  });

  it('keeps the highest completion seen', () => {
    const folded = foldInteractions([ev('view', { completion: 0.9 }), ev('view', { completion: 0.4 })], params.ratingScale).get('i')!;
    expect(folded.completion).toBe(0.9);
  });

  it('gives per-event evidence: engagement, 0 for rejections, none for intent signals', () => {
    expect(eventEvidence(ev('complete'), params)).toBeCloseTo(0.55, 12);
    expect(eventEvidence(ev('dismiss'), params)).toBe(0);
    expect(eventEvidence(ev('dislike'), params)).toBe(0);
    expect(eventEvidence(ev('click'), params)).toBeUndefined();
    expect(eventEvidence(ev('view', { completion: 0.1 }), params)).toBeUndefined();
  });
});
