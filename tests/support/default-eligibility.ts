/** The default matrix from DESIGN.md, written out as the specification the policy and the migration must meet. */
const everywhere = { ios: true, android: true, web: true };
const nowhere = { ios: false, android: false, web: false };

export const defaultFeatureEligibility: Record<string, { ios: boolean; android: boolean; web: boolean }> = {
  virtual_model: everywhere,
  flat_lay: everywhere,
  ghost_mannequin: everywhere,
  edit_with_ai: everywhere,
  recolor: everywhere,
  product_beautifier: everywhere,
  ironing: everywhere,
  video_generator: everywhere,
  logo: everywhere,
  text: everywhere,
  create_any_image: everywhere,
  instagram_story: everywhere,
  ai_backgrounds: { ios: false, android: true, web: false },
  ai_shadows: nowhere,
  image_enhancer: nowhere,
  ai_expand: nowhere,
  retouch: nowhere,
  studio_shot: nowhere,
};

export const defaultContextEligibility = { editor: true, batch: false, product_catalog: false };
