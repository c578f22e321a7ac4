/**
 * The default classifier: runs in-process, needs no network, loads in milliseconds.
 * Kind: rules for small talk, then logistic regression over character n-grams, jieba words and cue features
 * (model/offline-model.json, built by train.ts). The other fields come from rules and the
 * department model (model/department-model.json).
 */
import { LOST_OR_FOUND } from '../domain/clarify.js';
import type { Classifier, ClassifyResult, RequestKind } from '../domain/classification.js';
import { bringsToSayThings } from './cues.js';
import { DepartmentModel } from './department.js';
import { normalize } from './features.js';
import { extractLocation, extractParties, extractWhen } from './extract.js';
import { departmentModelUrl, fromFile, kindModelUrl, loadKindModel, type KindModelFile } from './kind-model.js';
import { isClosingRemark, isGreeting, isSmallTalk } from './smalltalk.js';
import { summarise } from './summary.js';
import { detectUrgency, HAZARD_SIGNALS, PERSON_SIGNALS } from './urgency.js';

export const OFFLINE_CLASSIFIER_NAME = 'offline-lr';

/** Reported when a rule, not the model, chose the kind. */
const RULE_CONFIDENCE = 0.9;

/**
 * Below this confidence the guess is wrong about as often as it is right, so the conversation should
 * ask the person to pick the kind instead of guessing. Chosen from the eval (`npm run eval`, section
 * "confidence floor": 5-fold CV predictions plus the independent set); see src/classify/data/README.md.
 */
export const CONFIDENCE_FLOOR = 0.4;

/** True when a result is too unsure to act on: ask the person to pick the kind. */
export function belowConfidenceFloor(result: Pick<ClassifyResult, 'confidence'>): boolean {
  return result.confidence < CONFIDENCE_FLOOR;
}

export interface OfflineClassifier extends Classifier {
  /** Synchronous form, for callers (the OpenAI fallback, the eval script) that want no promise. */
  classifySync(text: string): ClassifyResult;
}

export interface OfflineClassifierOptions {
  modelUrl?: URL;
  departmentModelUrl?: URL;
  /** An in-memory kind model instead of the committed file (cross-validation in the eval script). */
  kindModel?: KindModelFile;
}

export function createOfflineClassifier(opts: OfflineClassifierOptions = {}): OfflineClassifier {
  const kindModel = opts.kindModel ? fromFile(opts.kindModel) : loadKindModel(opts.modelUrl ?? kindModelUrl);
  const departments = DepartmentModel.load(opts.departmentModelUrl ?? departmentModelUrl);

  function kindOf(text: string, signals: string[]): { kind: RequestKind; confidence: number; chatter?: boolean } {
    if (isSmallTalk(text)) return { kind: 'other', confidence: RULE_CONFIDENCE, chatter: !isGreeting(text) };
    if (isClosingRemark(text)) return { kind: 'other', confidence: RULE_CONFIDENCE };
    const predicted = kindModel.lr.predict(kindModel.features(text));
    // `none`: no matter at all ("看了", "晓得了"). Nothing is filed, as for `other`, but the answer is a warm word.
    // A `none` gives way to a danger or a person in need named in it.
    if (predicted.label === 'none' && signals.length === 0 && !LOST_OR_FOUND.test(text))
      return { kind: 'other', confidence: round(predicted.probability), chatter: true };
    const p = predicted.label === 'none' ? bestKind(kindModel.lr.labels, predicted.posterior) : predicted;
    const kind = p.label as RequestKind;
    // Fire, gas, sparks, collapse and children in danger are hazards by definition; the model has
    // seen too few of each to be trusted on a short "三组12号着火了". Disputes keep their kind.
    if (kind !== 'hazard' && kind !== 'dispute' && signals.some((s) => HAZARD_SIGNALS.has(s))) {
      return { kind: 'hazard', confidence: RULE_CONFIDENCE };
    }
    // A fall, a faint, a fever fit, an old man who wandered off: a person needs a hand now. A quarrel the
    // model is sure of keeps its kind ("他把我娘推得摔倒了"), and so does a danger.
    if (
      !((kind === 'dispute' || kind === 'hazard') && p.probability >= 0.6) &&
      !signals.includes('violence') &&
      !signals.some((s) => HAZARD_SIGNALS.has(s)) &&
      signals.some((s) => PERSON_SIGNALS.has(s))
    ) {
      return { kind: 'help', confidence: RULE_CONFIDENCE };
    }
    // A dog, a sheep or a purse gone missing, or found ("谁看见了说一声", "捡到一个钱包"): a neighbour asks the group for
    // a hand. The model has seen few and took them for chatter; a dispute it is sure of keeps its kind.
    if (!(kind === 'dispute' && p.probability >= 0.6) && LOST_OR_FOUND.test(text))
      return { kind: 'help', confidence: RULE_CONFIDENCE };
    // "说事：想问问低保名单是怎么定的" raises a matter at say-things day; it is not a question about the day.
    if (kind === 'inquiry' && bringsToSayThings(normalize(text)))
      return { kind: 'say_things', confidence: RULE_CONFIDENCE };
    return { kind, confidence: round(p.probability) };
  }

  function classifySync(raw: string): ClassifyResult {
    const text = typeof raw === 'string' ? raw : '';
    const urgency = detectUrgency(text);
    const { kind, confidence, chatter } = kindOf(text, urgency.signals);
    const request = kind !== 'other';
    return {
      ...(chatter ? { chatter } : {}),
      kind,
      summary: summarise(text),
      // A greeting or a thank-you is never urgent, whatever words it happens to contain.
      urgency: request ? urgency.urgency : 'normal',
      location: request ? extractLocation(text) : null,
      parties: kind === 'dispute' ? extractParties(text) : null,
      when: kind === 'help' || kind === 'say_things' ? extractWhen(text) : null,
      department: departments.forVillageMessage(text, kind),
      confidence,
      classifier: OFFLINE_CLASSIFIER_NAME,
    };
  }

  return {
    classifySync,
    classify: async (text) => classifySync(text),
    inProcess: true,
  };
}

/** The most likely label other than `none`, and its probability. */
function bestKind(labels: readonly string[], posterior: number[]): { label: string; probability: number } {
  let best = -1;
  posterior.forEach((q, i) => {
    if (labels[i] !== 'none' && (best < 0 || q > posterior[best]!)) best = i;
  });
  return { label: labels[best]!, probability: posterior[best]! };
}

function round(p: number): number {
  return Math.min(1, Math.max(0, Math.round(p * 1000) / 1000));
}
