import { expect, signInAs, signInDirectly, test } from "./fixtures";

test("another customer cannot open the first one's image", async ({ page, newPage }) => {
  await signInAs(page, "customer");
  const image = page.locator('[data-testid="generation"][data-status="succeeded"] img').first();
  const url = await image.evaluate((element: HTMLImageElement) => new URL(element.src).pathname);
  expect(url).toMatch(/^\/api\/files\/generations\//);

  const mine = await page.request.get(url);
  expect(mine.status()).toBe(200);
  expect(mine.headers()["content-type"]).toBe("image/png");
  expect(mine.headers()["cache-control"]).toContain("private");

  const other = await newPage();
  await signInDirectly(other, "customer2@example.com");
  await other.goto("/");
  await expect(other.getByTestId("signed-in-as")).toContainText("Robin Customer");
  const refused = await other.goto(url);
  expect(refused?.status()).toBe(404);
  expect(await other.request.get(url).then((response) => response.json())).toEqual({
    error: { code: "file.not_found", message: "There is no such file." },
  });

  const anonymous = await newPage();
  expect((await anonymous.request.get(url)).status()).toBe(401);

  const agent = await newPage();
  await signInAs(agent, "agent");
  expect((await agent.request.get(url)).status()).toBe(200);
});
