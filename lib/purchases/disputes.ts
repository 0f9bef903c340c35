import "server-only";
import { and, eq, ne, or, sql, isNull } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { DisputeFinding, DisputeStatus } from "@/db/enums";
import { customers, disputes, purchases, transfers, type Customer, type Dispute, type Purchase } from "@/db/schema";
import { changeStandingIn } from "@/lib/admin/customer-suspension";
import { serializeCustomer, serializeDisputeAnswer } from "@/lib/api/serializers";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, notFound } from "@/lib/errors";
import { customerBalance } from "@/lib/ledger/accounts";
import { retriedWhileRaced } from "@/lib/ledger/retry";
import { recordTransfer } from "@/lib/ledger/transfers";
import { oneRow } from "@/lib/sql/one-row";
import { emitWebhookEvent } from "@/lib/webhooks/emit";

/** What a host's `PUT /disputes/{id}` or a Stripe dispute event says about a dispute. */
export type DisputeReport = {
  id: string;
  purchaseId: string;
  status: DisputeStatus;
  reason?: string;
  openedAt?: Date;
};

export type DisputeChange = { dispute: Dispute; customer: Customer; created: boolean; changed: boolean };

/** A change made, with what it did for the audit event. */
type Change = { dispute: Dispute; customer: Customer; after: Record<string, unknown> };

/** Concurrent reports of one new dispute meet at its primary key; the losers run again and find it. */
const raceAttempts = 5;

const holdKey = (disputeId: string) => `dispute_hold:${disputeId}`;

/**
 * The customer's row, locked: every change to a customer's disputes, freeze and balance goes one at a
 * time, and a generation starting meanwhile waits for it and then sees the freeze.
 */
async function lockedCustomer(tx: Executor, customerId: string): Promise<Customer> {
  return oneRow(
    await tx.select().from(customers).where(eq(customers.id, customerId)).for("update"),
    "disputing customer",
  );
}

async function lockedPurchase(tx: Executor, purchaseId: string): Promise<Purchase> {
  return oneRow(await tx.select().from(purchases).where(eq(purchases.id, purchaseId)).for("update"), "purchase");
}

async function lockedDispute(tx: Executor, disputeId: string): Promise<Dispute | undefined> {
  const [dispute] = await tx.select().from(disputes).where(eq(disputes.id, disputeId)).for("update");
  return dispute;
}

/**
 * The customer is frozen from a moment read after their row was locked, so that no generation started
 * before the freeze began can carry a later time; the invariant check compares against it.
 */
async function freeze(tx: Executor, customer: Customer): Promise<Customer> {
  if (customer.frozenAt) return customer;
  const frozen = oneRow(
    await tx
      .update(customers)
      .set({ frozenAt: sql`clock_timestamp()` })
      .where(eq(customers.id, customer.id))
      .returning(),
    "frozen customer",
  );
  await emitWebhookEvent(tx, "customer.frozen", { customer: serializeCustomer(frozen) });
  return frozen;
}

/** Ends the freeze once none of the customer's open disputes is left unresolved by an admin's finding. */
async function thawIfResolved(tx: Executor, customer: Customer): Promise<Customer> {
  if (!customer.frozenAt) return customer;
  const [unresolved] = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(
      and(
        eq(disputes.customerId, customer.id),
        eq(disputes.status, "open"),
        or(isNull(disputes.finding), ne(disputes.finding, "legitimate")),
      ),
    )
    .limit(1);
  if (unresolved) return customer;
  return oneRow(
    await tx.update(customers).set({ frozenAt: null }).where(eq(customers.id, customer.id)).returning(),
    "thawed customer",
  );
}

/** What of the purchase is still the customer's to spend: never more than it granted, nor than they have. */
async function unspentCredits(tx: Executor, purchase: Purchase): Promise<number> {
  const { available } = await customerBalance(tx, purchase.customerId);
  return Math.max(0, Math.min(purchase.credits - purchase.creditsReversed, available));
}

/**
 * A lost dispute takes the credits back as one purchase_reversal, capped by what the purchase has left
 * to reverse (a refund approved while the dispute was open may have reversed some). The money went back
 * through the customer's bank, so the purchase counts as refunded; no refund of ours is recorded.
 */
async function takeBack(tx: Executor, dispute: Pick<Dispute, "id">, purchase: Purchase, credits: number) {
  const reversed = Math.min(credits, purchase.credits - purchase.creditsReversed);
  if (reversed > 0) {
    await recordTransfer(tx, {
      kind: "purchase_reversal",
      idempotencyKey: `dispute_reversal:${dispute.id}`,
      customerId: purchase.customerId,
      amount: reversed,
      purchaseId: purchase.id,
      memo: "dispute lost",
    });
  }
  await tx
    .update(purchases)
    .set({ creditsReversed: purchase.creditsReversed + reversed, status: "refunded" })
    .where(eq(purchases.id, purchase.id));
  return reversed;
}

async function releaseHold(tx: Executor, dispute: Dispute) {
  if (dispute.heldCredits === 0) return;
  const hold = oneRow(
    await tx
      .select({ id: transfers.id })
      .from(transfers)
      .where(eq(transfers.idempotencyKey, holdKey(dispute.id))),
    "dispute hold",
  );
  await recordTransfer(tx, {
    kind: "release",
    idempotencyKey: `dispute_release:${dispute.id}`,
    customerId: dispute.customerId,
    amount: dispute.heldCredits,
    purchaseId: dispute.purchaseId,
    pendingId: hold.id,
  });
}

async function insertDispute(
  tx: Executor,
  report: DisputeReport,
  customer: Customer,
  purchase: Purchase,
): Promise<Change> {
  if (report.status === "open") {
    const frozen = await freeze(tx, customer);
    const held = await unspentCredits(tx, purchase);
    if (held > 0) {
      await recordTransfer(tx, {
        kind: "hold",
        idempotencyKey: holdKey(report.id),
        customerId: customer.id,
        amount: held,
        purchaseId: purchase.id,
        memo: "dispute opened",
      });
    }
    const dispute = oneRow(
      await tx
        .insert(disputes)
        .values({
          id: report.id,
          purchaseId: purchase.id,
          customerId: customer.id,
          status: "open",
          reason: report.reason ?? null,
          heldCredits: held,
          openedAt: report.openedAt ?? sql`now()`,
          // The freeze's start, for the invariant check: read, like frozen_at, after the lock.
          createdAt: sql`clock_timestamp()`,
        })
        .returning(),
      "dispute",
    );
    return { dispute, customer: frozen, after: { heldCredits: held } };
  }
  // Closed before it was ever reported open (Stripe's events can arrive in any order): nothing to hold.
  const reversed =
    report.status === "lost" ? await takeBack(tx, report, purchase, await unspentCredits(tx, purchase)) : 0;
  const dispute = oneRow(
    await tx
      .insert(disputes)
      .values({
        id: report.id,
        purchaseId: purchase.id,
        customerId: customer.id,
        status: report.status,
        reason: report.reason ?? null,
        openedAt: report.openedAt ?? sql`now()`,
        closedAt: sql`now()`,
      })
      .returning(),
    "dispute",
  );
  return { dispute, customer, after: { creditsReversed: reversed } };
}

function sameFields(dispute: Dispute, report: DisputeReport): boolean {
  return (
    (report.reason === undefined || report.reason === dispute.reason) &&
    (report.openedAt === undefined || report.openedAt.getTime() === dispute.openedAt.getTime())
  );
}

function invalidTransition(dispute: Dispute, report: DisputeReport): DomainError {
  if (dispute.purchaseId !== report.purchaseId) {
    return new DomainError(
      "dispute.invalid_transition",
      `Dispute ${dispute.id} is about purchase ${dispute.purchaseId}; a dispute cannot move to another purchase.`,
    );
  }
  return new DomainError(
    "dispute.invalid_transition",
    `Dispute ${dispute.id} has ended as ${dispute.status}; an ended dispute cannot change.`,
  );
}

/** Moves an existing dispute along: open to won or lost, or new details of an open one. Null: nothing to change. */
async function updateDispute(
  tx: Executor,
  existing: Dispute,
  report: DisputeReport,
  customer: Customer,
  purchase: Purchase,
): Promise<Change | null> {
  if (existing.purchaseId !== report.purchaseId) throw invalidTransition(existing, report);
  if (existing.status === report.status && sameFields(existing, report)) return null;
  if (existing.status !== "open") throw invalidTransition(existing, report);
  const fields = { reason: report.reason ?? existing.reason, openedAt: report.openedAt ?? existing.openedAt };
  if (report.status === "open") {
    const dispute = oneRow(
      await tx
        .update(disputes)
        .set({ ...fields, updatedAt: sql`now()` })
        .where(eq(disputes.id, existing.id))
        .returning(),
      "dispute",
    );
    return { dispute, customer, after: fields };
  }
  await releaseHold(tx, existing);
  const reversed = report.status === "lost" ? await takeBack(tx, existing, purchase, existing.heldCredits) : 0;
  const dispute = oneRow(
    await tx
      .update(disputes)
      .set({ ...fields, status: report.status, closedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(disputes.id, existing.id))
      .returning(),
    "dispute",
  );
  const thawed = await thawIfResolved(tx, customer);
  return { dispute, customer: thawed, after: { released: existing.heldCredits, creditsReversed: reversed } };
}

const auditActions = { open: "dispute.opened", won: "dispute.won", lost: "dispute.lost" } as const;

async function reportChange(tx: Executor, change: Change, existing: Dispute | null): Promise<DisputeChange> {
  await emitWebhookEvent(tx, "dispute.updated", serializeDisputeAnswer(change));
  await recordAudit(tx, {
    actorId: null,
    action: existing?.status === change.dispute.status ? "dispute.updated" : auditActions[change.dispute.status],
    targetType: "dispute",
    targetId: change.dispute.id,
    before: existing ? { status: existing.status, reason: existing.reason } : null,
    after: { status: change.dispute.status, reason: change.dispute.reason, ...change.after },
  });
  return { dispute: change.dispute, customer: change.customer, created: existing === null, changed: true };
}

/**
 * Records what a host or Stripe says about a dispute, in one transaction with everything it causes.
 * A new open dispute freezes the customer and holds the purchase's unspent credits; won releases
 * them; lost releases them and takes them back with one purchase_reversal; either ends the freeze
 * unless another dispute keeps it. An ended dispute never changes again, but the same report repeated
 * is a retry and changes nothing.
 */
export function upsertDispute(report: DisputeReport, executor: Executor = db): Promise<DisputeChange> {
  return retriedWhileRaced(
    () =>
      executor.transaction(async (tx) => {
        const [subject] = await tx
          .select({ customerId: purchases.customerId })
          .from(purchases)
          .where(eq(purchases.id, report.purchaseId));
        if (!subject) throw notFound("purchase", report.purchaseId);
        const [known] = await tx
          .select({ customerId: disputes.customerId })
          .from(disputes)
          .where(eq(disputes.id, report.id));
        const customer = await lockedCustomer(tx, known?.customerId ?? subject.customerId);
        const purchase = await lockedPurchase(tx, report.purchaseId);
        const existing = await lockedDispute(tx, report.id);
        if (!existing) return reportChange(tx, await insertDispute(tx, report, customer, purchase), null);
        const change = await updateDispute(tx, existing, report, customer, purchase);
        return change
          ? reportChange(tx, change, existing)
          : { dispute: existing, customer, created: false, changed: false };
      }),
    raceAttempts,
  );
}

/** An admin's finding is made once, on an open dispute, by one admin at a time. */
async function reviewable(tx: Executor, disputeId: string) {
  const [known] = await tx.select({ customerId: disputes.customerId }).from(disputes).where(eq(disputes.id, disputeId));
  if (!known) throw notFound("dispute", disputeId);
  const customer = await lockedCustomer(tx, known.customerId);
  const dispute = oneRow(await tx.select().from(disputes).where(eq(disputes.id, disputeId)).for("update"), "dispute");
  if (dispute.status !== "open") {
    throw new DomainError("dispute.invalid_transition", `This dispute has ended as ${dispute.status}.`);
  }
  if (dispute.finding) {
    throw new DomainError("dispute.already_reviewed", `This dispute was already found ${dispute.finding}.`);
  }
  return { dispute, customer };
}

async function setFinding(tx: Executor, disputeId: string, finding: DisputeFinding, note: string, admin: CurrentUser) {
  return oneRow(
    await tx
      .update(disputes)
      .set({ finding, findingNote: note, foundBy: admin.id, foundAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(disputes.id, disputeId))
      .returning(),
    "dispute",
  );
}

async function reportFinding(tx: Executor, found: Dispute, customer: Customer, admin: CurrentUser, effects: object) {
  await emitWebhookEvent(tx, "dispute.updated", serializeDisputeAnswer({ dispute: found, customer }));
  await recordAudit(tx, {
    actorId: admin.id,
    action: `dispute.found_${found.finding}`,
    targetType: "dispute",
    targetId: found.id,
    before: { finding: null },
    after: { finding: found.finding, note: found.findingNote, ...effects },
  });
  return { dispute: found, customer };
}

/**
 * Fraud (the dispute came after the outputs were delivered): the account is suspended and every credit
 * it has available is forfeited, as one transfer. The credits the dispute holds stay held until its
 * outcome, and the account stays frozen until then.
 */
export function markDisputeFraudulent(disputeId: string, note: string, admin: CurrentUser, executor: Executor = db) {
  return executor.transaction(async (tx) => {
    const { customer } = await reviewable(tx, disputeId);
    if (!customer.suspendedAt) {
      await changeStandingIn(tx, admin, customer.id, "suspended", `Dispute ${disputeId} found fraudulent: ${note}`);
    }
    const { available } = await customerBalance(tx, customer.id);
    if (available > 0) {
      await recordTransfer(tx, {
        kind: "forfeit",
        idempotencyKey: `forfeit:${disputeId}`,
        customerId: customer.id,
        amount: available,
        memo: `dispute ${disputeId} found fraudulent`,
        actorId: admin.id,
      });
    }
    const found = await setFinding(tx, disputeId, "fraudulent", note, admin);
    const reported = await reportFinding(tx, found, await lockedCustomer(tx, customer.id), admin, {
      forfeited: available,
    });
    return { ...reported, forfeited: available };
  });
}

/** Legitimate: the account is usable again at once; the credits the dispute holds wait for its outcome. */
export function markDisputeLegitimate(disputeId: string, note: string, admin: CurrentUser, executor: Executor = db) {
  return executor.transaction(async (tx) => {
    const { customer } = await reviewable(tx, disputeId);
    const found = await setFinding(tx, disputeId, "legitimate", note, admin);
    const thawed = await thawIfResolved(tx, customer);
    return reportFinding(tx, found, thawed, admin, { stillFrozen: thawed.frozenAt !== null });
  });
}
