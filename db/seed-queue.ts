import type { HostCustomer, SeededWork } from "./seed";

/**
 * The demo's review queue: other customers' reports that the policy sent to review, aged so that the
 * queue shows fresh requests, some breaching within two hours and two past the SLA. The demo customer
 * has none of them, so that their own gallery and refunds stay simple.
 */

/** Customers a host registered through the API; they have no sign-in of their own. */
export const hostCustomers: HostCustomer[] = [
  { id: "cust_48213", email: "priya.raman@kolamhome.in", name: "Priya Raman", signedUpHoursAgo: 200 * 24 },
  { id: "cust_51907", email: "lena.fischer@atelier-fischer.de", name: "Lena Fischer", signedUpHoursAgo: 23.5 },
  { id: "cust_60334", email: "tomas@alvarezceramica.mx", name: "Tomás Álvarez", signedUpHoursAgo: 8 },
  { id: "cust_72215", email: "marcus.webb@northlinegoods.com", name: "Marcus Webb", signedUpHoursAgo: 2 },
];

export const queueWork: SeededWork[] = [
  {
    // Three reports approved at once push the refunded share past 30%, so the later ones wait for a person.
    customerId: "demo-customer-2",
    history: [
      {
        id: "seed-robin-01",
        feature: "virtual_model",
        platform: "ios",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 60,
      },
      { id: "seed-robin-02", feature: "recolor", platform: "web", sample: "sneaker", outcome: "success", hoursAgo: 55 },
      {
        id: "seed-robin-03",
        feature: "ghost_mannequin",
        platform: "web",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 40,
      },
      {
        id: "seed-robin-04",
        feature: "edit_with_ai",
        platform: "ios",
        sample: "handbag",
        outcome: "success",
        hoursAgo: 30,
        prompt: "Remove the price tag hanging from the strap",
      },
      {
        id: "seed-robin-05",
        feature: "product_beautifier",
        platform: "android",
        sample: "mug",
        outcome: "blank",
        hoursAgo: 28,
      },
      {
        id: "seed-robin-06",
        feature: "instagram_story",
        platform: "web",
        sample: "sofa",
        outcome: "success",
        hoursAgo: 27,
      },
      {
        id: "seed-robin-07",
        feature: "virtual_model",
        platform: "android",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 24.5,
      },
      { id: "seed-robin-08", feature: "logo", platform: "web", sample: "mug", outcome: "success", hoursAgo: 11 },
    ],
    reports: [
      {
        generationId: "seed-robin-01",
        reason: "distorted",
        details: "The model's left arm bends backwards at the elbow and the print on the shirt is mirrored.",
        hoursAgo: 58,
      },
      {
        generationId: "seed-robin-03",
        reason: "incomplete",
        details: "The inside of the collar is missing, so the shirt looks like it has a hole where the neck should be.",
        hoursAgo: 38,
      },
      {
        generationId: "seed-robin-05",
        reason: "corrupted",
        details: "I get a plain white square back, there is no mug in it at all.",
        hoursAgo: 27.8,
      },
      {
        generationId: "seed-robin-06",
        reason: "misunderstood",
        details:
          "I picked the 'Summer sale' story template with the sofa on the left, but the sofa is centred, the sale text is gone and the background is a dark office.",
        hoursAgo: 26.5,
      },
      {
        generationId: "seed-robin-07",
        reason: "artifacts",
        details:
          "There is a smeared grey patch across the model's neck and a second, half-drawn sleeve on her right side.",
        hoursAgo: 23.3,
      },
      {
        generationId: "seed-robin-08",
        reason: "blurry",
        details: "The logo text on the mug is soft and unreadable at full size; the letters in my upload are crisp.",
        hoursAgo: 10.5,
      },
    ],
  },
  {
    // Five refused reports of ineligible work reach the soft limit: every later report goes to review.
    customerId: "cust_48213",
    history: [
      {
        id: "seed-priya-01",
        feature: "studio_shot",
        platform: "web",
        sample: "lamp",
        outcome: "success",
        hoursAgo: 66,
      },
      {
        id: "seed-priya-02",
        feature: "ai_backgrounds",
        platform: "ios",
        sample: "sofa",
        outcome: "success",
        hoursAgo: 60,
      },
      {
        id: "seed-priya-03",
        feature: "virtual_model",
        platform: "web",
        context: "batch",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 52,
      },
      {
        id: "seed-priya-04",
        feature: "flat_lay",
        platform: "web",
        context: "batch",
        sample: "handbag",
        outcome: "success",
        hoursAgo: 51,
      },
      {
        id: "seed-priya-05",
        feature: "image_enhancer",
        platform: "android",
        sample: "mug",
        outcome: "success",
        hoursAgo: 45,
      },
      {
        id: "seed-priya-06",
        feature: "ghost_mannequin",
        platform: "web",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 31,
      },
      {
        id: "seed-priya-07",
        feature: "recolor",
        platform: "ios",
        sample: "sneaker",
        outcome: "success",
        hoursAgo: 22.6,
      },
      {
        id: "seed-priya-08",
        feature: "video_generator",
        platform: "web",
        sample: "handbag",
        outcome: "success",
        hoursAgo: 3,
      },
    ],
    reports: [
      {
        generationId: "seed-priya-01",
        reason: "distorted",
        details: "The lamp shade is stretched wider than the base.",
        hoursAgo: 65,
      },
      {
        generationId: "seed-priya-02",
        reason: "misunderstood",
        details: "I asked for a terrace at sunset and got a plain grey wall.",
        hoursAgo: 59,
      },
      {
        generationId: "seed-priya-03",
        reason: "artifacts",
        details: "Three shirts of the batch have a dark seam down the middle.",
        hoursAgo: 50,
      },
      {
        generationId: "seed-priya-04",
        reason: "incomplete",
        details: "The strap of the bag is cut off in every image of the batch.",
        hoursAgo: 49.5,
      },
      {
        generationId: "seed-priya-05",
        reason: "blurry",
        details: "The enhanced mug is blurrier than the photo I uploaded.",
        hoursAgo: 44,
      },
      {
        generationId: "seed-priya-06",
        reason: "distorted",
        details:
          "The ghost mannequin shirt has one sleeve much longer than the other and the hem is tilted about 20 degrees.",
        hoursAgo: 30,
      },
      {
        generationId: "seed-priya-07",
        reason: "misunderstood",
        details: "I chose navy blue for the sneaker but it came back teal, and the white sole was recoloured too.",
        hoursAgo: 22.4,
      },
      {
        generationId: "seed-priya-08",
        reason: "other",
        details: "The video freezes after two seconds and the last four seconds are the same frame of the bag.",
        hoursAgo: 2.5,
      },
    ],
  },
  {
    // An account younger than a day is reviewed whatever it reports.
    customerId: "cust_51907",
    history: [
      {
        id: "seed-lena-01",
        feature: "virtual_model",
        platform: "ios",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 23,
      },
      {
        id: "seed-lena-02",
        feature: "ironing",
        platform: "android",
        sample: "t-shirt",
        outcome: "success",
        hoursAgo: 15,
      },
      {
        id: "seed-lena-03",
        feature: "edit_with_ai",
        platform: "ios",
        sample: "sneaker",
        outcome: "success",
        hoursAgo: 6,
        prompt: "Change the laces to white and remove the scuff on the toe",
      },
    ],
    reports: [
      {
        generationId: "seed-lena-01",
        reason: "distorted",
        details: "The model has six fingers on her right hand, holding the hem of the shirt.",
        hoursAgo: 22.7,
      },
      {
        generationId: "seed-lena-02",
        reason: "incomplete",
        details: "Only the front of the shirt was ironed; the creases on both sleeves are still there.",
        hoursAgo: 14,
      },
      {
        generationId: "seed-lena-03",
        reason: "misunderstood",
        details:
          "The laces are still red and the scuff is still on the toe, but the whole shoe has turned a greenish colour.",
        hoursAgo: 5.5,
      },
    ],
  },
  {
    customerId: "cust_60334",
    history: [
      {
        id: "seed-tomas-01",
        feature: "ai_backgrounds",
        platform: "android",
        sample: "mug",
        outcome: "success",
        hoursAgo: 7.5,
      },
      {
        id: "seed-tomas-02",
        feature: "create_any_image",
        platform: "web",
        sample: "mug",
        outcome: "success",
        hoursAgo: 1,
        prompt: "A hand-painted Talavera mug on a rustic wooden table, morning light, top-down",
      },
    ],
    reports: [
      {
        generationId: "seed-tomas-01",
        reason: "artifacts",
        details: "The mug floats above the table with no shadow and there is a pink halo around the handle.",
        hoursAgo: 7,
      },
      {
        generationId: "seed-tomas-02",
        reason: "misunderstood",
        details: "I asked for a top-down view on a wooden table; this is a side view on a pink gradient.",
        hoursAgo: 0.6,
      },
    ],
  },
  {
    customerId: "cust_72215",
    history: [
      {
        id: "seed-marcus-01",
        feature: "text",
        platform: "android",
        sample: "sneaker",
        outcome: "success",
        hoursAgo: 1.5,
      },
    ],
    reports: [
      {
        generationId: "seed-marcus-01",
        reason: "other",
        details: "The caption I typed, 'Trail Runner 2 – now in red', came out as 'Trall Runer 2 - now n red'.",
        hoursAgo: 0.2,
      },
    ],
  },
];
