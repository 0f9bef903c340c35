import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DemoCheckoutForm } from "@/components/purchases/demo-checkout-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { demoCheckout } from "@/lib/purchases/provider/demo";

export const metadata: Metadata = { title: "Checkout" };

export default async function DemoCheckoutPage({ params }: PageProps<"/purchases/checkout/[sessionId]">) {
  const user = await requirePageUser(customerRoles);
  const { sessionId } = await params;
  const checkout = await demoCheckout(sessionId, ownCustomerId(user));
  if (!checkout) notFound();
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageHeader title="Checkout">Confirm your purchase.</PageHeader>
      <DemoCheckoutForm
        sessionId={sessionId}
        productName={checkout.product.name}
        amount={checkout.amount}
        currency={checkout.currency}
        credits={checkout.product.credits}
        cancelPath={checkout.cancelPath}
      />
    </div>
  );
}
