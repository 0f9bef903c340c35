import { vi } from "vitest";

// Server actions run here outside a Next request, where there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
