import { refundReasonValues, type RefundReason } from "@/db/enums";

/** What a customer can say went wrong, shared by the report form, the policy and the API. */
const words: Record<RefundReason, { label: string; hint: string }> = {
  artifacts: {
    label: "Visible artifacts",
    hint: 'Where are they? e.g. "Smudged patches over the left sleeve and a seam through the background"',
  },
  distorted: {
    label: "Distorted product or proportions",
    hint: 'What is out of shape? e.g. "The sofa legs are distorted and don\'t match the original"',
  },
  blurry: {
    label: "Blurry",
    hint: 'Which part is blurry? e.g. "The logo on the mug is unreadable, the original is sharp"',
  },
  misunderstood: {
    label: "Misunderstood the request",
    hint: 'What did you ask for, and what came back? e.g. "I asked for a beach background and got a kitchen"',
  },
  incomplete: {
    label: "Incomplete output (for example missing layers)",
    hint: 'What is missing? e.g. "The shadow layer is missing and half the product is cut off"',
  },
  corrupted: {
    label: "Corrupted file",
    hint: 'What happens when you open it? e.g. "The download is 0 KB and no app can open it"',
  },
  other: {
    label: "Other",
    hint: "Tell us what is wrong with the result, as specifically as you can",
  },
};

/** In the order the report form offers them. */
export const refundReasons = refundReasonValues.map((value) => ({ value, ...words[value] }));

export const maxDetailsLength = 2000;

export function reasonLabel(reason: RefundReason): string {
  return words[reason].label;
}
