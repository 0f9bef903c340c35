"use client";

import { Toaster as Sonner } from "sonner";

/** Mounted once per layout; anything below it calls sonner's `toast`. */
export function Toaster() {
  return <Sonner position="top-center" richColors closeButton duration={6000} />;
}
