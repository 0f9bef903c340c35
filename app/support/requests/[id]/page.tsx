import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RefundStatusBadge } from "@/components/refunds/refund-status-badge";
import { KindBadge } from "@/components/support/kind-badge";
import { CreditsSince, GenerationsDuring, PurchaseFacts } from "@/components/support/purchase-sections";
import { RequestNotes } from "@/components/support/request-notes";
import {
  CustomerHistory,
  DecisionSummary,
  GenerationFacts,
  PolicyTrace,
  QualityReport,
} from "@/components/support/request-sections";
import { BackToQueue, ReviewPanel } from "@/components/support/review-panel";
import { SlaChip } from "@/components/support/sla-chip";
import { ZoomableImage } from "@/components/support/zoomable-image";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { isDomainError } from "@/lib/errors";
import { dateTime } from "@/lib/format/date-time";
import { relativeTime } from "@/lib/format/relative-time.shared";
import { openForReview } from "@/lib/support/review-detail";

export const metadata: Metadata = { title: "Refund request" };

export default async function RequestPage({ params, searchParams }: PageProps<"/support/requests/[id]">) {
  const user = await requirePageUser(staffRoles);
  const [{ id }, { review }] = await Promise.all([params, searchParams]);
  const now = new Date();
  const detail = await openForReview(user, id, now).catch((error: unknown) => {
    if (isDomainError(error) && error.code === "refund_request.not_found") notFound();
    throw error;
  });
  const { request, subject, customer, notes, neighbours } = detail;
  const pending = request.status === "in_review";
  const reviewMode = review === "1";
  const heldByOther = request.claim && request.claim.agentId !== user.id ? request.claim : null;
  return (
    <div className="space-y-5">
      <BackToQueue />
      <PageHeader
        title="Refund request"
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {reviewMode ? (
              <span className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">
                Review mode
              </span>
            ) : null}
            <KindBadge kind={request.kind} />
            <RefundStatusBadge status={request.status} testId="request-status" />
            {pending ? <SlaChip msLeft={request.sla.msLeft} tone={request.sla.tone} /> : null}
          </div>
        }
      >
        {subject.kind === "purchase" ? subject.purchase.productName : subject.generation.featureName} · {customer.email}{" "}
        · received{" "}
        <time dateTime={request.createdAt.toISOString()} title={dateTime(request.createdAt)}>
          {relativeTime(request.createdAt.toISOString(), now.getTime())}
        </time>
      </PageHeader>
      {heldByOther ? (
        <p role="status" data-testid="claim-notice" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {heldByOther.agentName} is reviewing this until {dateTime(heldByOther.until)}.
        </p>
      ) : null}
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_21rem]">
        <div className="min-w-0 space-y-5">
          {subject.kind === "generation" ? (
            <section aria-label="Input and output" className="grid grid-cols-2 gap-3">
              <ZoomableImage src={subject.generation.inputUrl} label="Input" />
              <ZoomableImage src={subject.generation.outputUrl} label="Output" />
            </section>
          ) : null}
          <Card title="What the customer says">
            <p className="text-sm font-medium text-slate-900">{request.reasonLabel}</p>
            <p data-testid="request-details" className="mt-1 whitespace-pre-wrap text-sm text-slate-700">
              {request.details}
            </p>
          </Card>
          {subject.kind === "generation" ? (
            <>
              <Card title="Generation">
                <GenerationFacts generation={subject.generation} source={request.source} />
              </Card>
              <Card title="Quality checks">
                <QualityReport quality={subject.quality} />
              </Card>
            </>
          ) : (
            <>
              <Card title="Purchase">
                <PurchaseFacts subject={subject} />
              </Card>
              <Card title="Credits since the purchase">
                <CreditsSince subject={subject} />
              </Card>
              <Card title="Generations during it">
                <GenerationsDuring subject={subject} />
              </Card>
            </>
          )}
          <Card title="Policy trace">
            <PolicyTrace trace={request.trace} version={request.policyVersion} />
          </Card>
        </div>
        <div className="space-y-5 lg:sticky lg:top-4">
          <Card title="Decision">
            {request.decision ? <DecisionSummary decision={request.decision} status={request.status} /> : null}
            <ReviewPanel
              requestId={request.id}
              pending={pending}
              reviewMode={reviewMode}
              refund={request.refundIfApproved}
              previousId={neighbours.previousId}
              nextId={neighbours.nextId}
            />
          </Card>
          <Card title="Customer">
            <CustomerHistory customer={customer} now={now} />
          </Card>
          <Card title="Internal notes">
            <RequestNotes
              requestId={request.id}
              notes={notes.map((note) => ({
                id: note.id,
                body: note.body,
                authorName: note.authorName,
                at: dateTime(note.createdAt),
              }))}
            />
          </Card>
        </div>
      </div>
    </div>
  );
}
