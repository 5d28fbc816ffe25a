// Generated from the served OpenAPI document by packages/client/test/generate.ts; do not edit.
export type paths = {
    readonly "/openapi.json": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** This document */
        readonly get: operations["openApiDocument"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/docs": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * API documentation (Swagger UI), an HTML page
         * @description A browser without a key is sent to the dashboard sign-in and back; its cookie admits the page.
         */
        readonly get: operations["docsPage"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/metrics": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Prometheus metrics, in the text exposition format (scope ops) */
        readonly get: operations["metrics"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/health": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Liveness: the process answers */
        readonly get: operations["health"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/ready": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Readiness: the store and the API's own tables answer now */
        readonly get: operations["ready"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Find customers by ?email=, ?phone=, ?orderId= or ?trackingNumber= (exact, after normalising)
         * @description The same search and answer as POST /v1/customers/search, whose body keeps the e-mail or phone out of every URL (prefer it where proxies log URLs). This service redacts email and phone in the URLs it logs.
         */
        readonly get: operations["findCustomers"];
        readonly put?: never;
        /** Register a customer */
        readonly post: operations["registerCustomer"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A customer as recorded (profile, language, timezone, consents) */
        readonly get: operations["getCustomer"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        /** Change a customer's profile (only the fields given) */
        readonly patch: operations["changeCustomerProfile"];
        readonly trace?: never;
    };
    readonly "/v1/customers/{id}/consents": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        /** Set a customer's consents per channel and purpose */
        readonly put: operations["setCustomerConsents"];
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Place an order */
        readonly post: operations["placeOrder"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}/shipments": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Ship an order (the estimate given is the promised date) */
        readonly post: operations["shipOrder"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}/delays": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Revise the delivery estimate of a shipped order */
        readonly post: operations["delayShipment"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}/delivery": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Record the delivery of an order (earns loyalty points, pending until the return window closes) */
        readonly post: operations["deliverOrder"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}/cancellation": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Cancel an order (only before delivery) */
        readonly post: operations["cancelOrder"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Request a return (reserves the quantities on the order; window and quantities are checked) */
        readonly post: operations["requestReturn"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}/approval": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Approve a requested return */
        readonly post: operations["approveReturn"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}/rejection": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Reject a return (releases its reserved quantities on the order) */
        readonly post: operations["rejectReturn"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}/receipt": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Record the returned items as received, with their condition */
        readonly post: operations["receiveReturnItems"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}/refund": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Refund a return (reverses the loyalty points awarded for the refunded units) */
        readonly post: operations["refundReturn"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}/exchange": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Resolve lines of a return by exchange, for the same or another SKU (the price difference is settled; the returned lines' points are reversed) */
        readonly post: operations["exchangeReturn"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}/store-credit": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Resolve a return by store credit (issued on the customer's store-credit ledger) */
        readonly post: operations["creditReturnToStore"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Request a repair of a delivered item (warranty coverage is derived from the order history) */
        readonly post: operations["requestRepair"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs/{id}/quote": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Quote an out-of-warranty repair */
        readonly post: operations["quoteRepair"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs/{id}/quote-acceptance": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** The customer accepts the quote */
        readonly post: operations["acceptRepairQuote"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs/{id}/quote-decline": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** The customer declines the quote */
        readonly post: operations["declineRepairQuote"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs/{id}/completion": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Complete a repair (also recorded on the order, for repair warranty later) */
        readonly post: operations["completeRepair"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs/{id}/cancellation": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Cancel a repair */
        readonly post: operations["cancelRepair"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/feedback": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Submit feedback about an order, return, repair or solved support case (one per subject; a comment earns a bonus) */
        readonly post: operations["submitFeedback"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/loyalty/{customerId}/redemptions": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Redeem available points (soonest-expiring first; never below zero) */
        readonly post: operations["redeemPoints"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/loyalty/{customerId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A customer's points and tier as of any instant (default now) */
        readonly get: operations["loyaltyBalance"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/store-credit/{customerId}/spending": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Spend store credit against one of the customer's orders (never below zero) */
        readonly post: operations["spendStoreCredit"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/store-credit/{customerId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A customer's store credit per currency as of any instant (default now) */
        readonly get: operations["storeCreditBalance"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Support cases by status, priority, channel and assignee, oldest first (the backlog)
         * @description Cursor pagination as for the customer lists; every filter is optional.
         */
        readonly get: operations["listCases"];
        readonly put?: never;
        /** Open a support case: a customer's message on a channel, or an agent on their behalf */
        readonly post: operations["openCase"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}/messages": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** A message in or out (a customer's reply resumes a pending case, reopens a solved one) */
        readonly post: operations["addCaseMessage"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}/assignment": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Assign the case to an agent or a team */
        readonly post: operations["assignCase"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}/priority": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Change the priority (running SLA clocks take the new targets) */
        readonly post: operations["changeCasePriority"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}/pending": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Wait for the customer (the resolution clock stops), or back to open */
        readonly post: operations["setCasePending"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}/solution": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Solve the case (records each SLA target as met or breached) */
        readonly post: operations["solveCase"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}/reopening": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Reopen a solved case within 7 days of solving (a closed case never reopens) */
        readonly post: operations["reopenCase"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/cases/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A support case with its SLA clocks now: due, remaining business time, met or breached */
        readonly get: operations["getCase"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/search": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Find customers by e-mail, phone (exact, after normalising), order id or tracking number
         * @description E-mail: trimmed, lower case. Phone: spaces, dashes, dots, parentheses ignored, 00 read as +; the country code is required. A forgotten customer is never found. The criteria go in the body so that no personal data reaches a URL; no Idempotency-Key is needed or used.
         */
        readonly post: operations["searchCustomers"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{id}/orders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's orders, newest first
         * @description Cursor pagination: pass `nextCursor` back as `cursor` until it is null. From the read models (a moment behind the log).
         */
        readonly get: operations["listCustomerOrders"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{id}/returns": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's returns, newest first
         * @description Cursor pagination: pass `nextCursor` back as `cursor` until it is null. From the read models (a moment behind the log).
         */
        readonly get: operations["listCustomerReturns"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{id}/repairs": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's repairs, newest first
         * @description Cursor pagination: pass `nextCursor` back as `cursor` until it is null. From the read models (a moment behind the log).
         */
        readonly get: operations["listCustomerRepairs"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{id}/cases": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's support cases, newest first
         * @description Cursor pagination: pass `nextCursor` back as `cursor` until it is null. From the read models (a moment behind the log).
         */
        readonly get: operations["listCustomerCases"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/orders/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** An order: lines, shipment, promised date and revisions, delivery, reservations, repairs */
        readonly get: operations["getOrder"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/returns/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A return: items, resolution, status and what was received, refunded or credited */
        readonly get: operations["getReturn"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/repairs/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A repair: item, issue, derived warranty coverage, quote and outcome */
        readonly get: operations["getRepair"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/streams/{stream}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A stream's recorded events (paged by revision) */
        readonly get: operations["readStream"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The map of this service: docs, documents, dashboard, health, readiness, metrics
         * @description JSON by default; an HTML page when `Accept` includes `text/html`.
         */
        readonly get: operations["serviceMap"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/asyncapi.json": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The AsyncAPI 3 document of the integration events (CloudEvents on NATS) */
        readonly get: operations["asyncApiDocument"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Every webhook subscription (never the secrets) */
        readonly get: operations["listWebhookSubscriptions"];
        readonly put?: never;
        /** Subscribe a URL to integration event types; the answer holds the signing secret, once */
        readonly post: operations["createWebhookSubscription"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A webhook subscription and whether it is failing */
        readonly get: operations["getWebhookSubscription"];
        readonly put?: never;
        readonly post?: never;
        /** Stop a subscription at once (its delivery log stays) */
        readonly delete: operations["deleteWebhookSubscription"];
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{id}/rotate-secret": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * A new signing secret (shown once); the previous one also signs for an overlap
         * @description From now on every delivery is signed with the new secret; until `previousSecretSignsUntil` (default 24 h, `WEBHOOK_SECRET_OVERLAP_HOURS`) `webhook-signature` carries a second signature by the previous secret, so the receiver verifies with either while it switches.
         */
        readonly post: operations["rotateWebhookSecret"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{id}/enable": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Send again to a subscription its receiver disabled with 410 Gone, from where it stopped */
        readonly post: operations["enableWebhookSubscription"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{id}/replay": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Deliver again everything after a log position, or recorded at or after an instant */
        readonly post: operations["replayWebhookSubscription"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{id}/deliveries": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The delivery log of a subscription: every attempt, newest first */
        readonly get: operations["listWebhookDeliveries"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/streams/{streamId}/history": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Every event of a stream */
        readonly get: operations["opsStreamHistory"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/customers/{customerId}/timeline": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** A customer's orders, returns, repairs, loyalty and consents as of an instant */
        readonly get: operations["opsCustomerTimeline"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/export": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** An audit slice [from, to) of the log as JSON lines or CSV */
        readonly get: operations["opsExport"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/verify": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Recompute every stream's hash chain */
        readonly post: operations["opsVerify"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/customers/{customerId}/forget": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Crypto-shred a customer's personal data */
        readonly post: operations["opsForgetCustomer"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/projections/{projection}/rebuild": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Rebuild a projection (or all) into new tables, then swap */
        readonly post: operations["opsRebuildProjection"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/lag": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Projection lag and health */
        readonly get: operations["opsProjectionLag"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/dead-letters": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Unresolved dead letters */
        readonly get: operations["opsDeadLetters"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/dead-letters/{projection}/{id}/retry": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Apply a dead letter again */
        readonly post: operations["opsRetryDeadLetter"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/keys": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The API keys: names, scopes, when issued and revoked (never the keys) */
        readonly get: operations["opsListKeys"];
        readonly put?: never;
        /** Issue a key with the scopes it needs (least privilege); the answer shows it once */
        readonly post: operations["opsCreateKey"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/keys/{name}/rotation": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** A new key for the name, same scopes; the old key stops working at once */
        readonly post: operations["opsRotateKey"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/keys/{name}/revocation": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Revoke a key: it stops working at once */
        readonly post: operations["opsRevokeKey"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/policy": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The policy document in force at an instant (default now), with its version */
        readonly get: operations["opsShowPolicy"];
        /** Record a new version of the whole policy document, in force from effectiveFrom (default now); the same change again records nothing */
        readonly put: operations["opsSetPolicy"];
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/ops/policy/history": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Every version of the policy: effective instant, author and reason */
        readonly get: operations["opsPolicyHistory"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description Every rule a shop may change at run time (DESIGN.md "Domain rules"), one document. */
        readonly PolicyDocumentInput: {
            readonly returns: {
                readonly windowDays: number;
                readonly windowDaysByCategory: {
                    readonly [key: string]: number;
                };
            };
            readonly warranty: {
                readonly repairWarrantyDays: number;
            };
            readonly loyalty: {
                readonly currencies: {
                    readonly [key: string]: {
                        readonly unitsPerPoint: number;
                        readonly tiers: readonly {
                            /** @enum {string} */
                            readonly tier: "bronze" | "silver" | "gold";
                            readonly minSpend: number;
                            readonly multiplier: number;
                        }[];
                    };
                };
                readonly tierWindowMonths: number;
                readonly expiryMonths: number;
                readonly feedbackCommentBonus: number;
            };
            /**
             * @default {
             *       "timezone": "UTC",
             *       "calendar": "gregorian"
             *     }
             */
            readonly reporting: {
                readonly timezone: string;
                /** @enum {string} */
                readonly calendar: "gregorian" | "persian";
            };
            readonly support: {
                readonly calendar: {
                    readonly timezone: string;
                    readonly workingHours: {
                        readonly sunday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly monday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly tuesday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly wednesday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly thursday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly friday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly saturday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                    };
                    readonly holidays: readonly string[];
                };
                readonly sla: {
                    readonly targets: {
                        readonly low: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                        readonly normal: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                        readonly high: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                        readonly urgent: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                    };
                    readonly byChannel: {
                        readonly [key: string]: {
                            readonly [key: string]: {
                                readonly firstResponse?: number;
                                readonly nextResponse?: number;
                                readonly resolution?: number;
                            };
                        };
                    };
                    readonly atRiskShare: number;
                };
                readonly reopenWindowDays: number;
                readonly closeAfterDays: number;
            };
            /**
             * @default {
             *       "quietHours": {
             *         "startHour": 21,
             *         "endHour": 8
             *       },
             *       "marketingCap": {
             *         "count": 2,
             *         "withinDays": 7
             *       },
             *       "deliveryOverdue": {
             *         "afterHours": 24
             *       },
             *       "lowScore": {
             *         "csatAtMost": 2,
             *         "npsAtMost": 6
             *       },
             *       "feedbackRequest": {
             *         "afterDays": 3,
             *         "perCustomer": {
             *           "count": 1,
             *           "withinDays": 30
             *         }
             *       },
             *       "repairFollowUp": {
             *         "afterDays": 7
             *       },
             *       "pointsExpiring": {
             *         "minPoints": 100,
             *         "beforeDays": 30
             *       },
             *       "winBack": {
             *         "afterDays": 90
             *       },
             *       "warrantyExpiring": {
             *         "beforeDays": 30
             *       },
             *       "caseSurvey": {
             *         "afterDays": 1
             *       }
             *     }
             */
            readonly notifications: {
                readonly quietHours: {
                    readonly startHour: number;
                    readonly endHour: number;
                };
                readonly marketingCap: {
                    readonly count: number;
                    readonly withinDays: number;
                };
                readonly deliveryOverdue: {
                    readonly afterHours: number;
                };
                readonly lowScore: {
                    readonly csatAtMost: number;
                    readonly npsAtMost: number;
                };
                readonly feedbackRequest: {
                    readonly afterDays: number;
                    readonly perCustomer: {
                        readonly count: number;
                        readonly withinDays: number;
                    };
                };
                readonly repairFollowUp: {
                    readonly afterDays: number;
                };
                readonly pointsExpiring: {
                    readonly minPoints: number;
                    readonly beforeDays: number;
                };
                readonly winBack: {
                    readonly afterDays: number;
                };
                readonly warrantyExpiring: {
                    readonly beforeDays: number;
                };
                readonly caseSurvey: {
                    readonly afterDays: number;
                };
            };
        };
        /**
         * @example {
         *       "amount": 4999,
         *       "currency": "EUR"
         *     }
         */
        readonly MoneyInput: {
            /** @description integer minor units */
            readonly amount: number;
            /** @example EUR */
            readonly currency: string;
        };
        /**
         * @example {
         *       "email": {
         *         "transactional": true,
         *         "marketing": false
         *       },
         *       "sms": {
         *         "transactional": true,
         *         "marketing": false
         *       }
         *     }
         */
        readonly ConsentsInput: {
            readonly email: {
                readonly transactional: boolean;
                readonly marketing: boolean;
            };
            readonly sms: {
                readonly transactional: boolean;
                readonly marketing: boolean;
            };
        };
        /** @description Every rule a shop may change at run time (DESIGN.md "Domain rules"), one document. */
        readonly PolicyDocument: {
            readonly returns: {
                readonly windowDays: number;
                readonly windowDaysByCategory: {
                    readonly [key: string]: number;
                };
            };
            readonly warranty: {
                readonly repairWarrantyDays: number;
            };
            readonly loyalty: {
                readonly currencies: {
                    readonly [key: string]: {
                        readonly unitsPerPoint: number;
                        readonly tiers: readonly {
                            /** @enum {string} */
                            readonly tier: "bronze" | "silver" | "gold";
                            readonly minSpend: number;
                            readonly multiplier: number;
                        }[];
                    };
                };
                readonly tierWindowMonths: number;
                readonly expiryMonths: number;
                readonly feedbackCommentBonus: number;
            };
            /**
             * @default {
             *       "timezone": "UTC",
             *       "calendar": "gregorian"
             *     }
             */
            readonly reporting: {
                readonly timezone: string;
                /** @enum {string} */
                readonly calendar: "gregorian" | "persian";
            };
            readonly support: {
                readonly calendar: {
                    readonly timezone: string;
                    readonly workingHours: {
                        readonly sunday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly monday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly tuesday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly wednesday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly thursday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly friday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                        readonly saturday: readonly {
                            readonly from: string;
                            readonly to: string;
                        }[];
                    };
                    readonly holidays: readonly string[];
                };
                readonly sla: {
                    readonly targets: {
                        readonly low: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                        readonly normal: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                        readonly high: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                        readonly urgent: {
                            readonly firstResponse: number;
                            readonly nextResponse: number;
                            readonly resolution: number;
                        };
                    };
                    readonly byChannel: {
                        readonly [key: string]: {
                            readonly [key: string]: {
                                readonly firstResponse?: number;
                                readonly nextResponse?: number;
                                readonly resolution?: number;
                            };
                        };
                    };
                    readonly atRiskShare: number;
                };
                readonly reopenWindowDays: number;
                readonly closeAfterDays: number;
            };
            /**
             * @default {
             *       "quietHours": {
             *         "startHour": 21,
             *         "endHour": 8
             *       },
             *       "marketingCap": {
             *         "count": 2,
             *         "withinDays": 7
             *       },
             *       "deliveryOverdue": {
             *         "afterHours": 24
             *       },
             *       "lowScore": {
             *         "csatAtMost": 2,
             *         "npsAtMost": 6
             *       },
             *       "feedbackRequest": {
             *         "afterDays": 3,
             *         "perCustomer": {
             *           "count": 1,
             *           "withinDays": 30
             *         }
             *       },
             *       "repairFollowUp": {
             *         "afterDays": 7
             *       },
             *       "pointsExpiring": {
             *         "minPoints": 100,
             *         "beforeDays": 30
             *       },
             *       "winBack": {
             *         "afterDays": 90
             *       },
             *       "warrantyExpiring": {
             *         "beforeDays": 30
             *       },
             *       "caseSurvey": {
             *         "afterDays": 1
             *       }
             *     }
             */
            readonly notifications: {
                readonly quietHours: {
                    readonly startHour: number;
                    readonly endHour: number;
                };
                readonly marketingCap: {
                    readonly count: number;
                    readonly withinDays: number;
                };
                readonly deliveryOverdue: {
                    readonly afterHours: number;
                };
                readonly lowScore: {
                    readonly csatAtMost: number;
                    readonly npsAtMost: number;
                };
                readonly feedbackRequest: {
                    readonly afterDays: number;
                    readonly perCustomer: {
                        readonly count: number;
                        readonly withinDays: number;
                    };
                };
                readonly repairFollowUp: {
                    readonly afterDays: number;
                };
                readonly pointsExpiring: {
                    readonly minPoints: number;
                    readonly beforeDays: number;
                };
                readonly winBack: {
                    readonly afterDays: number;
                };
                readonly warrantyExpiring: {
                    readonly beforeDays: number;
                };
                readonly caseSurvey: {
                    readonly afterDays: number;
                };
            };
        };
        /**
         * @description RFC 9457 problem details (application/problem+json).
         * @example {
         *       "type": "urn:aftersales:problem:return-window-closed",
         *       "title": "Conflict",
         *       "status": 409,
         *       "code": "return-window-closed",
         *       "detail": "the return window closed at 2026-02-01T00:00:00.000Z",
         *       "correlationId": "0f8e1d2c-3b4a-4c5d-8e9f-0a1b2c3d4e5f"
         *     }
         */
        readonly Problem: {
            readonly type: string;
            readonly title: string;
            readonly status: number;
            /** @description Stable machine-readable error code. */
            readonly code: string;
            readonly detail?: string;
            readonly instance?: string;
            readonly correlationId?: string;
        } & {
            readonly [key: string]: unknown;
        };
        /**
         * @example {
         *       "amount": 4999,
         *       "currency": "EUR"
         *     }
         */
        readonly Money: {
            /** @description integer minor units */
            readonly amount: number;
            /** @example EUR */
            readonly currency: string;
        };
        /**
         * @example {
         *       "stream": "order-ord-2026-0001",
         *       "revision": 2,
         *       "events": [
         *         {
         *           "eventId": "01970a8e-5f3a-7cc1-9a51-4a6f0c3d2b11",
         *           "type": "OrderDelivered"
         *         }
         *       ],
         *       "related": [
         *         {
         *           "stream": "loyalty-cus-42",
         *           "revision": 0,
         *           "events": [
         *             {
         *               "eventId": "5b6f2a51-3c0e-5d8e-9b7a-2f1e0d4c3b2a",
         *               "type": "PointsEarned"
         *             }
         *           ]
         *         }
         *       ]
         *     }
         */
        readonly CommandResult: {
            readonly stream: string;
            /** @description the stream revision after the command (-1: no stream) */
            readonly revision: number;
            readonly events: readonly {
                readonly eventId: string;
                readonly type: string;
            }[];
            /** @description effects on other streams */
            readonly related: readonly {
                readonly stream: string;
                /** @description the stream revision after the command (-1: no stream) */
                readonly revision: number;
                readonly events: readonly {
                    readonly eventId: string;
                    readonly type: string;
                }[];
            }[];
        };
        /**
         * @example {
         *       "id": "case-7001",
         *       "stream": "case-case-7001",
         *       "revision": 1,
         *       "state": {
         *         "status": "open",
         *         "caseId": "case-7001",
         *         "customerId": "cus-42",
         *         "channel": "email",
         *         "priority": "normal"
         *       },
         *       "sla": [
         *         {
         *           "metric": "firstResponse",
         *           "cycle": 1,
         *           "priority": "normal",
         *           "startedAt": "2026-03-06T16:30:00.000Z",
         *           "targetMinutes": 480,
         *           "due": "2026-03-09T16:30:00.000Z",
         *           "atRiskAt": "2026-03-09T14:30:00.000Z",
         *           "status": "running",
         *           "businessSeconds": 1800,
         *           "remainingSeconds": 27000
         *         }
         *       ]
         *     }
         */
        readonly SupportCase: {
            readonly id: string;
            readonly stream: string;
            readonly revision: number;
            readonly state: {
                readonly status: string;
            } & {
                readonly [key: string]: unknown;
            };
            readonly sla: readonly {
                /** @enum {string} */
                readonly metric: "firstResponse" | "nextResponse" | "resolution";
                readonly cycle: number;
                /** @enum {string} */
                readonly priority: "low" | "normal" | "high" | "urgent";
                /**
                 * Format: date-time
                 * @example 2026-03-01T10:00:00.000Z
                 */
                readonly startedAt: string;
                /** @description business minutes allowed */
                readonly targetMinutes: number;
                /**
                 * Format: date-time
                 * @description absent while pending holds the clock
                 * @example 2026-03-01T10:00:00.000Z
                 */
                readonly due?: string;
                /**
                 * Format: date-time
                 * @description when 75 % of the target (the policy share) is used
                 * @example 2026-03-01T10:00:00.000Z
                 */
                readonly atRiskAt?: string;
                /**
                 * Format: date-time
                 * @example 2026-03-01T10:00:00.000Z
                 */
                readonly stoppedAt?: string;
                /** @enum {string} */
                readonly status: "running" | "paused" | "met" | "breached";
                /** @description business time used so far */
                readonly businessSeconds: number;
                /** @description business time left; negative once overdue */
                readonly remainingSeconds: number;
            }[];
        };
        readonly WebhookSubscription: {
            readonly id: string;
            readonly url: string;
            readonly eventTypes: readonly string[];
            readonly description: string | null;
            /** @description every event up to here is delivered or dead-lettered */
            readonly position: string;
            readonly createdBy: string;
            readonly createdAt: string;
            /** @description the receiver answered 410 Gone: nothing is sent until re-enabled */
            readonly disabled: {
                readonly at: string;
                readonly reason: string;
            } | null;
            readonly secretRotatedAt: string | null;
            /** @description until then deliveries carry a second signature, by the previous secret */
            readonly previousSecretSignsUntil: string | null;
            /** @description the event being retried, when the subscriber is not accepting */
            readonly failing: {
                readonly webhookId: string;
                readonly attempts: number;
                readonly since: string;
                readonly nextAttemptAt: string | null;
            } | null;
        };
        readonly CreatedWebhookSubscription: {
            readonly id: string;
            readonly url: string;
            readonly eventTypes: readonly string[];
            readonly description: string | null;
            /** @description every event up to here is delivered or dead-lettered */
            readonly position: string;
            readonly createdBy: string;
            readonly createdAt: string;
            /** @description the receiver answered 410 Gone: nothing is sent until re-enabled */
            readonly disabled: {
                readonly at: string;
                readonly reason: string;
            } | null;
            readonly secretRotatedAt: string | null;
            /** @description until then deliveries carry a second signature, by the previous secret */
            readonly previousSecretSignsUntil: string | null;
            /** @description the event being retried, when the subscriber is not accepting */
            readonly failing: {
                readonly webhookId: string;
                readonly attempts: number;
                readonly since: string;
                readonly nextAttemptAt: string | null;
            } | null;
            /** @description whsec_…: the signing secret, shown this once */
            readonly secret: string;
        };
        /**
         * @example {
         *       "customerId": "cus-42",
         *       "revision": 1,
         *       "asOf": "2026-05-01T00:00:00.000Z",
         *       "tier": "bronze",
         *       "tierSpend": [
         *         {
         *           "currency": "EUR",
         *           "spend": "49.9",
         *           "tier": "bronze"
         *         }
         *       ],
         *       "pending": 0,
         *       "available": 65,
         *       "redeemed": 0,
         *       "expired": 0,
         *       "reversed": 0,
         *       "lifetimeEarned": 65,
         *       "nextExpiry": {
         *         "at": "2027-03-05T14:30:00.000Z",
         *         "points": 65
         *       },
         *       "lots": [
         *         {
         *           "lotId": "order:ord-2026-0001:1",
         *           "source": "order",
         *           "phase": "available",
         *           "points": 49,
         *           "remaining": 49,
         *           "currency": "EUR"
         *         }
         *       ]
         *     }
         */
        readonly LoyaltyBalance: {
            readonly customerId: string;
            readonly revision: number;
            readonly asOf: string;
            readonly tier: string;
            /** @description Spend in the tier window per currency, net of refunds: never added across currencies; the tier is the highest any one reaches. */
            readonly tierSpend: readonly {
                readonly currency: string;
                /** @description Whole units of the currency, an exact decimal. */
                readonly spend: string;
                /** @description The tier this spend reaches under the currency’s thresholds; null if not priced. */
                readonly tier: ("bronze" | "silver" | "gold") | null;
            }[];
            readonly pending: number;
            readonly available: number;
            readonly redeemed: number;
            readonly expired: number;
            readonly reversed: number;
            readonly lifetimeEarned: number;
            readonly nextExpiry: {
                readonly at: string;
                readonly points: number;
            } | null;
            readonly lots: readonly ({
                readonly lotId: string;
                readonly source: string;
                readonly phase: string;
                readonly points: number;
                readonly remaining: number;
                /** @description The order’s ISO 4217 currency (order lots). */
                readonly currency?: string;
                /**
                 * @description Why the lot earned no points: the loyalty rules did not price its currency.
                 * @enum {string}
                 */
                readonly noPointsReason?: "currency-not-priced";
            } & {
                readonly [key: string]: unknown;
            })[];
        };
        /**
         * @example {
         *       "customerId": "cus-42",
         *       "revision": 1,
         *       "asOf": "2026-05-01T00:00:00.000Z",
         *       "balances": [
         *         {
         *           "currency": "EUR",
         *           "amount": 2995
         *         }
         *       ],
         *       "movements": [
         *         {
         *           "kind": "issued",
         *           "reference": "ret-9001",
         *           "orderId": "ord-2026-0001",
         *           "amount": {
         *             "amount": 4495,
         *             "currency": "EUR"
         *           },
         *           "at": "2026-04-02T10:00:00.000Z"
         *         },
         *         {
         *           "kind": "spent",
         *           "reference": "spd-81c2",
         *           "orderId": "ord-2026-0042",
         *           "amount": {
         *             "amount": 1500,
         *             "currency": "EUR"
         *           },
         *           "at": "2026-04-20T16:00:00.000Z"
         *         }
         *       ]
         *     }
         */
        readonly StoreCreditLedger: {
            readonly customerId: string;
            readonly revision: number;
            readonly asOf: string;
            /** @description Per ISO 4217 currency, in minor units; never added across currencies. */
            readonly balances: readonly {
                readonly currency: string;
                readonly amount: number;
            }[];
            /** @description The movements up to asOf, in the order recorded. */
            readonly movements: readonly {
                /** @enum {string} */
                readonly kind: "issued" | "spent";
                /** @description The return (issued) or the spending (spent). */
                readonly reference: string;
                readonly orderId: string;
                readonly amount: components["schemas"]["Money"];
                readonly at: string;
            }[];
        };
        /**
         * @example {
         *       "stream": "order-ord-2026-0001",
         *       "events": [
         *         {
         *           "revision": 0,
         *           "position": "4294967296",
         *           "type": "OrderPlaced",
         *           "data": {
         *             "orderId": "ord-2026-0001",
         *             "customerId": "cus-42",
         *             "currency": "EUR",
         *             "lines": [],
         *             "placedAt": "2026-03-01T10:00:00.000Z"
         *           },
         *           "metadata": {
         *             "eventId": "01970a8e-5f3a-7cc1-9a51-4a6f0c3d2b11",
         *             "occurredAt": "2026-03-01T10:00:00.000Z",
         *             "schemaVersion": 1
         *           },
         *           "recordedAt": "2026-03-01T10:00:00.120Z"
         *         }
         *       ],
         *       "nextRevision": null
         *     }
         */
        readonly StreamHistory: {
            readonly stream: string;
            readonly events: readonly {
                readonly revision: number;
                /** @description global position in the store (a 64-bit integer as text) */
                readonly position: string;
                readonly type: string;
                readonly data: unknown;
                readonly metadata: {
                    readonly [key: string]: unknown;
                };
                readonly recordedAt: string;
            }[];
            readonly nextRevision: number | null;
        };
    };
    responses: {
        /** @description The request headers are larger than the server accepts. */
        readonly HeadersTooLarge: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No API key, or one unknown or revoked (`WWW-Authenticate: Bearer`). */
        readonly Unauthenticated: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The API key lacks the scope this route needs. */
        readonly Forbidden: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Past the rate limit of the API key, or of failed authentications from the address; see `Retry-After`. */
        readonly TooManyRequests: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Overloaded (shed by admission) or the store is unavailable; retry after `Retry-After` seconds. */
        readonly Unavailable: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than the configured limit. */
        readonly ContentTooLarge: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/json`. */
        readonly UnsupportedMediaType: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A path segment is longer than the router accepts. */
        readonly UriTooLong: {
            headers: {
                readonly [name: string]: unknown;
            };
            content: {
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    readonly openApiDocument: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly openapi: string;
                    } & {
                        readonly [key: string]: unknown;
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly docsPage: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The Swagger UI page of this document */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "text/html": string;
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly metrics: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Prometheus text exposition format 0.0.4 */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "text/plain": string;
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly health: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        /** @enum {string} */
                        readonly status: "ok";
                    };
                };
            };
            readonly 431: components["responses"]["HeadersTooLarge"];
        };
    };
    readonly ready: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        /** @enum {string} */
                        readonly status: "ready" | "unavailable";
                        /** @enum {string} */
                        readonly store: "up" | "down";
                        /** @enum {string} */
                        readonly database: "up" | "down";
                    };
                };
            };
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Not ready; see Retry-After */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": {
                        /** @enum {string} */
                        readonly status: "ready" | "unavailable";
                        /** @enum {string} */
                        readonly store: "up" | "down";
                        /** @enum {string} */
                        readonly database: "up" | "down";
                    };
                };
            };
        };
    };
    readonly findCustomers: {
        readonly parameters: {
            readonly query?: {
                readonly email?: string;
                /** @description with its country code: +98… or 0098… */
                readonly phone?: string;
                /** @example ord-2026-0001 */
                readonly orderId?: string;
                readonly trackingNumber?: string;
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "customers": [
                     *         {
                     *           "customerId": "cus-42",
                     *           "matchedBy": "phone",
                     *           "language": "fa",
                     *           "timezone": "Asia/Tehran",
                     *           "registeredAt": "2026-01-05T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    readonly "application/json": {
                        readonly customers: readonly {
                            readonly customerId: string;
                            /** @enum {string} */
                            readonly matchedBy: "email" | "phone" | "orderId" | "trackingNumber";
                            /** @description the order found, for orderId and trackingNumber */
                            readonly orderId?: string;
                            readonly language: string;
                            readonly timezone: string;
                            readonly registeredAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly registerCustomer: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "customerId": "cus-42",
                 *       "name": "Shirin Ahmadi",
                 *       "email": "shirin@example.com",
                 *       "phone": "+98 21 1234 5678",
                 *       "language": "fa",
                 *       "timezone": "Asia/Tehran",
                 *       "consents": {
                 *         "email": {
                 *           "transactional": true,
                 *           "marketing": true
                 *         },
                 *         "sms": {
                 *           "transactional": true,
                 *           "marketing": false
                 *         }
                 *       }
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly customerId: string;
                    readonly name: string;
                    readonly email: string;
                    readonly phone?: string;
                    /** @enum {string} */
                    readonly language: "fa" | "ar" | "en";
                    /** @example Asia/Tehran */
                    readonly timezone: string;
                    readonly consents?: components["schemas"]["ConsentsInput"];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly getCustomer: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cus-42",
                     *       "stream": "customer-cus-42",
                     *       "revision": 1,
                     *       "state": {
                     *         "status": "registered",
                     *         "customerId": "cus-42",
                     *         "language": "fa",
                     *         "timezone": "Asia/Tehran"
                     *       }
                     *     }
                     */
                    readonly "application/json": {
                        readonly id: string;
                        readonly stream: string;
                        readonly revision: number;
                        readonly state: {
                            readonly status: string;
                        } & {
                            readonly [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly changeCustomerProfile: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "email": "shirin.ahmadi@example.com",
                 *       "language": "en"
                 *     }
                 */
                readonly "application/json": {
                    readonly name?: string;
                    readonly email?: string;
                    readonly phone?: string;
                    /** @enum {string} */
                    readonly language?: "fa" | "ar" | "en";
                    /** @example Asia/Tehran */
                    readonly timezone?: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly setCustomerConsents: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "consents": {
                 *         "email": {
                 *           "transactional": true,
                 *           "marketing": false
                 *         },
                 *         "sms": {
                 *           "transactional": false,
                 *           "marketing": false
                 *         }
                 *       }
                 *     }
                 */
                readonly "application/json": {
                    readonly consents: components["schemas"]["ConsentsInput"];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly placeOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "orderId": "ord-2026-0001",
                 *       "customerId": "cus-42",
                 *       "currency": "EUR",
                 *       "lines": [
                 *         {
                 *           "sku": "KET-200",
                 *           "name": "Electric kettle",
                 *           "category": "kitchen",
                 *           "qty": 1,
                 *           "unitPrice": 4999,
                 *           "warrantyMonths": 24
                 *         },
                 *         {
                 *           "sku": "MUG-011",
                 *           "name": "Mug",
                 *           "category": "kitchen",
                 *           "qty": 2,
                 *           "unitPrice": 899,
                 *           "warrantyMonths": 0
                 *         }
                 *       ],
                 *       "occurredAt": "2026-03-01T10:00:00.000Z"
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly orderId: string;
                    /** @example ord-2026-0001 */
                    readonly customerId: string;
                    /** @example EUR */
                    readonly currency: string;
                    readonly lines: readonly {
                        readonly sku: string;
                        readonly name: string;
                        readonly category: string;
                        readonly qty: number;
                        /** @description integer minor units */
                        readonly unitPrice: number;
                        readonly warrantyMonths: number;
                    }[];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly shipOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "shipmentId": "shp-1",
                 *       "carrier": "DHL",
                 *       "trackingNumber": "JD0146000031",
                 *       "estimatedDeliveryAt": "2026-03-04T18:00:00.000Z"
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly shipmentId: string;
                    readonly carrier: string;
                    readonly trackingNumber: string;
                    /**
                     * Format: date-time
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly estimatedDeliveryAt: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly delayShipment: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "newEstimatedDeliveryAt": "2026-03-06T18:00:00.000Z",
                 *       "reason": "weather at the hub"
                 *     }
                 */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly newEstimatedDeliveryAt: string;
                    readonly reason: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly deliverOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "occurredAt": "2026-03-05T14:30:00.000Z"
                 *     }
                 */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly cancelOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "reason": "customer changed their mind"
                 *     }
                 */
                readonly "application/json": {
                    readonly reason: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly requestReturn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "returnId": "ret-9001",
                 *       "orderId": "ord-2026-0001",
                 *       "items": [
                 *         {
                 *           "lineNo": 2,
                 *           "qty": 1,
                 *           "reason": "damaged",
                 *           "reasonText": "arrived chipped"
                 *         },
                 *         {
                 *           "lineNo": 3,
                 *           "qty": 1,
                 *           "reason": "size-or-fit",
                 *           "resolution": "exchange"
                 *         }
                 *       ],
                 *       "resolution": "refund"
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly returnId: string;
                    /** @example ord-2026-0001 */
                    readonly orderId: string;
                    readonly items: readonly {
                        readonly lineNo: number;
                        readonly qty: number;
                        /**
                         * @description Why, as a code (BI counts these).
                         * @enum {string}
                         */
                        readonly reason: "damaged" | "defective" | "wrong-item" | "not-as-described" | "size-or-fit" | "changed-mind" | "late-delivery" | "other";
                        /** @description The customer's own words; kept on the return, never in BI. */
                        readonly reasonText?: string;
                        /**
                         * @description What the customer asks for this line; default: the request's.
                         * @enum {string}
                         */
                        readonly resolution?: "refund" | "exchange" | "store-credit";
                    }[];
                    /** @enum {string} */
                    readonly resolution: "refund" | "exchange" | "store-credit";
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly approveReturn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /** @example {} */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly rejectReturn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "reason": "outside the return window"
                 *     }
                 */
                readonly "application/json": {
                    readonly reason: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly receiveReturnItems: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "items": [
                 *         {
                 *           "lineNo": 2,
                 *           "qty": 1,
                 *           "condition": "damaged"
                 *         }
                 *       ]
                 *     }
                 */
                readonly "application/json": {
                    readonly items: readonly {
                        readonly lineNo: number;
                        readonly qty: number;
                        /** @enum {string} */
                        readonly condition: "new" | "opened" | "used" | "damaged";
                    }[];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly refundReturn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "amount": {
                 *         "amount": 899,
                 *         "currency": "EUR"
                 *       },
                 *       "items": [
                 *         {
                 *           "lineNo": 2,
                 *           "qty": 1
                 *         }
                 *       ]
                 *     }
                 */
                readonly "application/json": {
                    readonly amount: components["schemas"]["MoneyInput"];
                    readonly items?: readonly {
                        readonly lineNo: number;
                        readonly qty: number;
                    }[];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly exchangeReturn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "replacementOrderId": "ord-2026-0042",
                 *       "items": [
                 *         {
                 *           "lineNo": 2,
                 *           "qty": 1
                 *         }
                 *       ],
                 *       "replacement": [
                 *         {
                 *           "sku": "MUG-012",
                 *           "name": "Mug, blue",
                 *           "category": "kitchen",
                 *           "qty": 1,
                 *           "unitPrice": 999
                 *         }
                 *       ]
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly replacementOrderId?: string;
                    /** @description The lines this settles (each line once); default: every line not settled yet. */
                    readonly items?: readonly {
                        readonly lineNo: number;
                        readonly qty: number;
                    }[];
                    /** @description Another SKU or variant: the price difference (replacement − returned, at the order prices) is settled. */
                    readonly replacement?: readonly {
                        /** @example ord-2026-0001 */
                        readonly sku: string;
                        readonly name: string;
                        readonly category: string;
                        readonly qty: number;
                        /** @description Minor units of the order's currency. */
                        readonly unitPrice: number;
                    }[];
                    /**
                     * @description Where a difference owed to the customer goes; default refund.
                     * @enum {string}
                     */
                    readonly differenceTo?: "refund" | "store-credit";
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly creditReturnToStore: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "amount": {
                 *         "amount": 899,
                 *         "currency": "EUR"
                 *       },
                 *       "items": [
                 *         {
                 *           "lineNo": 2,
                 *           "qty": 1
                 *         }
                 *       ]
                 *     }
                 */
                readonly "application/json": {
                    readonly amount: components["schemas"]["MoneyInput"];
                    /** @description The lines this settles (each line once); default: every line not settled yet. */
                    readonly items?: readonly {
                        readonly lineNo: number;
                        readonly qty: number;
                    }[];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly requestRepair: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "repairId": "rep-310",
                 *       "orderId": "ord-2026-0001",
                 *       "lineNo": 1,
                 *       "issue": "does not heat",
                 *       "serialNumber": "KT200-88412"
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly repairId: string;
                    /** @example ord-2026-0001 */
                    readonly orderId: string;
                    readonly lineNo: number;
                    readonly issue: string;
                    readonly serialNumber?: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly quoteRepair: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "amount": {
                 *         "amount": 2500,
                 *         "currency": "EUR"
                 *       }
                 *     }
                 */
                readonly "application/json": {
                    readonly amount: components["schemas"]["MoneyInput"];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly acceptRepairQuote: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /** @example {} */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly declineRepairQuote: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /** @example {} */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly completeRepair: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "outcome": "repaired"
                 *     }
                 */
                readonly "application/json": {
                    /** @enum {string} */
                    readonly outcome: "repaired" | "replaced" | "refunded" | "unrepairable";
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly cancelRepair: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "reason": "customer withdrew the request"
                 *     }
                 */
                readonly "application/json": {
                    readonly reason: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly submitFeedback: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "feedbackId": "fb-551",
                 *       "customerId": "cus-42",
                 *       "subject": {
                 *         "type": "order",
                 *         "id": "ord-2026-0001"
                 *       },
                 *       "csat": 5,
                 *       "nps": 9,
                 *       "comment": "Fast delivery, kind support."
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly feedbackId: string;
                    /** @example ord-2026-0001 */
                    readonly customerId: string;
                    readonly subject: {
                        /** @enum {string} */
                        readonly type: "order" | "return" | "repair" | "case";
                        /** @example ord-2026-0001 */
                        readonly id: string;
                    };
                    readonly csat: number;
                    readonly nps?: number;
                    readonly comment?: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly redeemPoints: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly customerId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "redemptionId": "rdm-7f3a",
                 *       "points": 250
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly redemptionId: string;
                    readonly points: number;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly loyaltyBalance: {
        readonly parameters: {
            readonly query?: {
                /** @description The instant (or a date: its start in UTC) to compute the balance at; default now. */
                readonly asOf?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly customerId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["LoyaltyBalance"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly spendStoreCredit: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly customerId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "spendingId": "spd-81c2",
                 *       "orderId": "ord-2026-0042",
                 *       "amount": {
                 *         "amount": 1500,
                 *         "currency": "EUR"
                 *       }
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly spendingId: string;
                    /** @example ord-2026-0001 */
                    readonly orderId: string;
                    readonly amount: components["schemas"]["MoneyInput"];
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly storeCreditBalance: {
        readonly parameters: {
            readonly query?: {
                /** @description The instant (or a date: its start in UTC) to compute the balance at; default now. */
                readonly asOf?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly customerId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["StoreCreditLedger"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly listCases: {
        readonly parameters: {
            readonly query?: {
                /** @description rows per page, 1–100 (default 20) */
                readonly limit?: number;
                /** @description the previous page's `nextCursor`, unchanged, with the same filters */
                readonly cursor?: string;
                readonly status?: "open" | "pending" | "solved" | "closed";
                readonly priority?: "low" | "normal" | "high" | "urgent";
                readonly channel?: "email" | "phone" | "chat" | "web" | "social";
                /** @description agent:<id> or team:<id> */
                readonly assignee?: string;
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly items: readonly {
                            readonly caseId: string;
                            readonly customerId: string;
                            readonly channel: string;
                            readonly priority: string;
                            /** @description open, pending, solved or closed */
                            readonly status: string;
                            /** @description agent:<id> or team:<id> */
                            readonly assignee: string | null;
                            readonly openedAt: string | null;
                            readonly firstResponseAt: string | null;
                            readonly lastSolvedAt: string | null;
                            readonly closedAt: string | null;
                            readonly breaches: number;
                        }[];
                        /** @description null on the last page */
                        readonly nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly openCase: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "caseId": "case-7001",
                 *       "customerId": "cus-42",
                 *       "channel": "email",
                 *       "openedBy": {
                 *         "type": "customer"
                 *       },
                 *       "subject": {
                 *         "type": "order",
                 *         "id": "ord-2026-0001"
                 *       },
                 *       "message": {
                 *         "messageId": "msg-1",
                 *         "body": "My kettle stopped heating after a week."
                 *       }
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly caseId: string;
                    /** @example ord-2026-0001 */
                    readonly customerId: string;
                    /** @enum {string} */
                    readonly channel: "email" | "phone" | "chat" | "web" | "social";
                    readonly openedBy: {
                        /** @enum {string} */
                        readonly type: "customer";
                    } | {
                        /** @enum {string} */
                        readonly type: "agent";
                        /** @example ord-2026-0001 */
                        readonly agentId: string;
                    };
                    /**
                     * @description default normal; high when escalated from feedback
                     * @enum {string}
                     */
                    readonly priority?: "low" | "normal" | "high" | "urgent";
                    readonly subject?: {
                        /** @enum {string} */
                        readonly type: "order" | "return" | "repair";
                        /** @example ord-2026-0001 */
                        readonly id: string;
                    };
                    /** @description the customer's opening message (required when the customer opens the case) */
                    readonly message?: {
                        /** @example ord-2026-0001 */
                        readonly messageId: string;
                        /** @description personal data: sealed in the log, never in BI */
                        readonly body: string;
                    };
                    /** @example ord-2026-0001 */
                    readonly escalatedFromFeedbackId?: string;
                    /**
                     * @description the closed case this one continues
                     * @example ord-2026-0001
                     */
                    readonly previousCaseId?: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly addCaseMessage: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "messageId": "msg-2",
                 *       "direction": "out",
                 *       "agentId": "agent-7",
                 *       "body": "A replacement is on its way."
                 *     }
                 */
                readonly "application/json": {
                    /** @example ord-2026-0001 */
                    readonly messageId: string;
                    /**
                     * @description in: from the customer; out: from an agent
                     * @enum {string}
                     */
                    readonly direction: "in" | "out";
                    /**
                     * @description required for out
                     * @example ord-2026-0001
                     */
                    readonly agentId?: string;
                    /**
                     * @description default: the case's channel
                     * @enum {string}
                     */
                    readonly channel?: "email" | "phone" | "chat" | "web" | "social";
                    /** @description personal data: sealed in the log, never in BI */
                    readonly body: string;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly assignCase: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "assignee": {
                 *         "type": "team",
                 *         "id": "returns-desk"
                 *       }
                 *     }
                 */
                readonly "application/json": {
                    readonly assignee: {
                        /** @enum {string} */
                        readonly type: "agent" | "team";
                        /** @example ord-2026-0001 */
                        readonly id: string;
                    };
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly changeCasePriority: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "priority": "urgent"
                 *     }
                 */
                readonly "application/json": {
                    /** @enum {string} */
                    readonly priority: "low" | "normal" | "high" | "urgent";
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly setCasePending: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "pending": true
                 *     }
                 */
                readonly "application/json": {
                    /** @description true: waiting for the customer; false: back to open */
                    readonly pending: boolean;
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly solveCase: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /** @example {} */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly reopenCase: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /** @description The stream revision the caller last saw (as in ETag); a mismatch is 409. */
                readonly "if-match"?: string;
                /** @description Makes a retry return the first response instead of running again. */
                readonly "idempotency-key"?: string;
            };
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /** @example {} */
                readonly "application/json": {
                    /**
                     * Format: date-time
                     * @description Business time of the command; defaults to the server clock.
                     * @example 2026-03-01T10:00:00.000Z
                     */
                    readonly occurredAt?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CommandResult"];
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly getCase: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["SupportCase"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly searchCustomers: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    readonly email?: string;
                    /** @description with its country code: +98… or 0098… */
                    readonly phone?: string;
                    /** @example ord-2026-0001 */
                    readonly orderId?: string;
                    readonly trackingNumber?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "customers": [
                     *         {
                     *           "customerId": "cus-42",
                     *           "matchedBy": "phone",
                     *           "language": "fa",
                     *           "timezone": "Asia/Tehran",
                     *           "registeredAt": "2026-01-05T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    readonly "application/json": {
                        readonly customers: readonly {
                            readonly customerId: string;
                            /** @enum {string} */
                            readonly matchedBy: "email" | "phone" | "orderId" | "trackingNumber";
                            /** @description the order found, for orderId and trackingNumber */
                            readonly orderId?: string;
                            readonly language: string;
                            readonly timezone: string;
                            readonly registeredAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly listCustomerOrders: {
        readonly parameters: {
            readonly query?: {
                /** @description rows per page, 1–100 (default 20) */
                readonly limit?: number;
                /** @description the previous page's `nextCursor`, unchanged, with the same filters */
                readonly cursor?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly items: readonly {
                            readonly orderId: string;
                            /** @description placed, shipped, delayed, delivered or cancelled */
                            readonly status: string;
                            readonly placedAt: string | null;
                            readonly currency: string | null;
                            /** @description integer minor units of currency */
                            readonly totalMinor: number | null;
                            readonly itemCount: number | null;
                            readonly carrier: string | null;
                            readonly shippedAt: string | null;
                            readonly latestEstimatedDeliveryAt: string | null;
                            readonly deliveredAt: string | null;
                            readonly cancelledAt: string | null;
                        }[];
                        /** @description null on the last page */
                        readonly nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly listCustomerReturns: {
        readonly parameters: {
            readonly query?: {
                /** @description rows per page, 1–100 (default 20) */
                readonly limit?: number;
                /** @description the previous page's `nextCursor`, unchanged, with the same filters */
                readonly cursor?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly items: readonly {
                            readonly returnId: string;
                            readonly orderId: string | null;
                            readonly status: string;
                            readonly resolution: string | null;
                            readonly itemCount: number | null;
                            readonly requestedAt: string | null;
                            readonly closedAt: string | null;
                            readonly refund: {
                                readonly amount: number;
                                readonly currency: string;
                            } | null;
                        }[];
                        /** @description null on the last page */
                        readonly nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly listCustomerRepairs: {
        readonly parameters: {
            readonly query?: {
                /** @description rows per page, 1–100 (default 20) */
                readonly limit?: number;
                /** @description the previous page's `nextCursor`, unchanged, with the same filters */
                readonly cursor?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly items: readonly {
                            readonly repairId: string;
                            readonly orderId: string | null;
                            readonly lineNo: number | null;
                            readonly sku: string | null;
                            readonly status: string;
                            readonly inWarranty: boolean | null;
                            readonly requestedAt: string | null;
                            readonly closedAt: string | null;
                            readonly outcome: string | null;
                        }[];
                        /** @description null on the last page */
                        readonly nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly listCustomerCases: {
        readonly parameters: {
            readonly query?: {
                /** @description rows per page, 1–100 (default 20) */
                readonly limit?: number;
                /** @description the previous page's `nextCursor`, unchanged, with the same filters */
                readonly cursor?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly items: readonly {
                            readonly caseId: string;
                            readonly customerId: string;
                            readonly channel: string;
                            readonly priority: string;
                            /** @description open, pending, solved or closed */
                            readonly status: string;
                            /** @description agent:<id> or team:<id> */
                            readonly assignee: string | null;
                            readonly openedAt: string | null;
                            readonly firstResponseAt: string | null;
                            readonly lastSolvedAt: string | null;
                            readonly closedAt: string | null;
                            readonly breaches: number;
                        }[];
                        /** @description null on the last page */
                        readonly nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            readonly 400: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            /** @description Default Response */
            readonly 503: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readonly getOrder: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "ord-2026-0001",
                     *       "stream": "order-ord-2026-0001",
                     *       "revision": 2,
                     *       "state": {
                     *         "status": "delivered",
                     *         "orderId": "ord-2026-0001",
                     *         "customerId": "cus-42",
                     *         "deliveredAt": "2026-03-05T14:30:00.000Z"
                     *       }
                     *     }
                     */
                    readonly "application/json": {
                        readonly id: string;
                        readonly stream: string;
                        readonly revision: number;
                        readonly state: {
                            readonly status: string;
                        } & {
                            readonly [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly getReturn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "ret-9001",
                     *       "stream": "return-ret-9001",
                     *       "revision": 1,
                     *       "state": {
                     *         "status": "approved",
                     *         "returnId": "ret-9001",
                     *         "orderId": "ord-2026-0001",
                     *         "resolution": "refund"
                     *       }
                     *     }
                     */
                    readonly "application/json": {
                        readonly id: string;
                        readonly stream: string;
                        readonly revision: number;
                        readonly state: {
                            readonly status: string;
                        } & {
                            readonly [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly getRepair: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example ord-2026-0001 */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rep-310",
                     *       "stream": "repair-rep-310",
                     *       "revision": 0,
                     *       "state": {
                     *         "status": "requested",
                     *         "repairId": "rep-310",
                     *         "orderId": "ord-2026-0001",
                     *         "lineNo": 1
                     *       }
                     *     }
                     */
                    readonly "application/json": {
                        readonly id: string;
                        readonly stream: string;
                        readonly revision: number;
                        readonly state: {
                            readonly status: string;
                        } & {
                            readonly [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly readStream: {
        readonly parameters: {
            readonly query?: {
                readonly fromRevision?: number;
                readonly limit?: number;
            };
            readonly header?: never;
            readonly path: {
                /** @example order-ord-2026-0001 */
                readonly stream: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["StreamHistory"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly serviceMap: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "service": "aftersales",
                     *       "links": [
                     *         {
                     *           "rel": "health",
                     *           "href": "/health",
                     *           "title": "Liveness",
                     *           "access": "public"
                     *         }
                     *       ]
                     *     }
                     */
                    readonly "application/json": {
                        /** @enum {string} */
                        readonly service: "aftersales";
                        readonly links: readonly {
                            readonly rel: string;
                            readonly href: string;
                            readonly title: string;
                            readonly access: string;
                        }[];
                    };
                };
            };
            readonly 431: components["responses"]["HeadersTooLarge"];
        };
    };
    readonly asyncApiDocument: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly asyncapi: string;
                    } & {
                        readonly [key: string]: unknown;
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly listWebhookSubscriptions: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly subscriptions: readonly components["schemas"]["WebhookSubscription"][];
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly createWebhookSubscription: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    /** @example warehouse-eu */
                    readonly id: string;
                    /** @example https://warehouse.example/hooks/aftersales */
                    readonly url: string;
                    readonly eventTypes: readonly ("aftersales.customer.registered.v1" | "aftersales.customer.profile-changed.v1" | "aftersales.customer.consents-set.v1" | "aftersales.customer.forgotten.v1" | "aftersales.order.placed.v1" | "aftersales.order.shipped.v1" | "aftersales.order.delayed.v1" | "aftersales.order.delivered.v1" | "aftersales.order.cancelled.v1" | "aftersales.return.requested.v1" | "aftersales.return.approved.v1" | "aftersales.return.rejected.v1" | "aftersales.return.items-received.v1" | "aftersales.return.refunded.v1" | "aftersales.return.exchanged.v1" | "aftersales.return.store-credited.v1" | "aftersales.repair.requested.v1" | "aftersales.repair.quoted.v1" | "aftersales.repair.quote-accepted.v1" | "aftersales.repair.quote-declined.v1" | "aftersales.repair.completed.v1" | "aftersales.repair.cancelled.v1" | "aftersales.feedback.submitted.v1" | "aftersales.loyalty.points-earned.v1" | "aftersales.loyalty.points-reversed.v1" | "aftersales.loyalty.bonus-awarded.v1" | "aftersales.loyalty.points-redeemed.v1" | "aftersales.loyalty.tier-changed.v1" | "aftersales.case.opened.v1" | "aftersales.case.message-added.v1" | "aftersales.case.assigned.v1" | "aftersales.case.priority-changed.v1" | "aftersales.case.solved.v1" | "aftersales.case.reopened.v1" | "aftersales.case.closed.v1" | "aftersales.case.sla-breached.v1")[];
                    readonly description?: string;
                    /** @description deliver what comes after; default: the head of the log */
                    readonly fromPosition?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CreatedWebhookSubscription"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 409: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly getWebhookSubscription: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example warehouse-eu */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly deleteWebhookSubscription: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example warehouse-eu */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly id: string;
                        /** @enum {boolean} */
                        readonly deleted: true;
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly rotateWebhookSecret: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example warehouse-eu */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    /** @description how long the previous secret still signs; default the configured overlap */
                    readonly overlapSeconds?: number;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["CreatedWebhookSubscription"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly enableWebhookSubscription: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example warehouse-eu */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": Record<string, never>;
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly replayWebhookSubscription: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @example warehouse-eu */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    /** @description a log position (a 64-bit integer as text) */
                    readonly fromPosition?: string;
                    /**
                     * @description an instant (ISO 8601)
                     * @example 2026-03-01T10:00:00Z
                     */
                    readonly from?: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    /** @description The revision of the stream after this command, or as read: send it back as `If-Match`. */
                    readonly ETag?: string;
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly listWebhookDeliveries: {
        readonly parameters: {
            readonly query?: {
                readonly limit?: number;
                /** @description an attempt id: the page before it */
                readonly before?: string;
            };
            readonly header?: never;
            readonly path: {
                /** @example warehouse-eu */
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly deliveries: readonly {
                            readonly id: string;
                            readonly eventId: string;
                            readonly eventType: string;
                            readonly position: string;
                            readonly attempt: number;
                            /** @enum {string} */
                            readonly outcome: "delivered" | "failed" | "dead-lettered";
                            readonly status: number | null;
                            readonly error: string | null;
                            readonly durationMs: number;
                            readonly at: string;
                        }[];
                        readonly nextBefore: string | null;
                    };
                };
            };
            /** @description Default Response */
            readonly 401: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 403: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            readonly 404: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 414: components["responses"]["UriTooLong"];
            /** @description Default Response */
            readonly 422: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/problem+json": components["schemas"]["Problem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsStreamHistory: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly streamId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsCustomerTimeline: {
        readonly parameters: {
            readonly query: {
                readonly asOf: string;
                readonly by?: "business" | "recorded";
            };
            readonly header?: never;
            readonly path: {
                readonly customerId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsExport: {
        readonly parameters: {
            readonly query: {
                readonly from: string;
                readonly to: string;
                readonly format: string;
                readonly by?: "business" | "recorded";
                readonly type?: string | readonly string[];
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsVerify: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsForgetCustomer: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly customerId: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsRebuildProjection: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly projection: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsProjectionLag: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsDeadLetters: {
        readonly parameters: {
            readonly query?: {
                readonly projection?: string;
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsRetryDeadLetter: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly projection: string;
                readonly id: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content?: never;
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsListKeys: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly keys: readonly {
                            readonly name: string;
                            readonly scopes: readonly ("commands:write" | "read" | "ops" | "integrations" | "support")[];
                            readonly createdAt: string;
                            readonly revokedAt: string | null;
                        }[];
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsCreateKey: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    readonly name: string;
                    readonly scopes: readonly ("commands:write" | "read" | "ops" | "integrations" | "support")[];
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 201: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly name: string;
                        readonly scopes: readonly ("commands:write" | "read" | "ops" | "integrations" | "support")[];
                        /** @description The key itself: shown this once, stored only as its SHA-256. */
                        readonly key: string;
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsRotateKey: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly name: string;
                        readonly key: string;
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsRevokeKey: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly name: string;
                        readonly revoked: boolean;
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 414: components["responses"]["UriTooLong"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsShowPolicy: {
        readonly parameters: {
            readonly query?: {
                readonly asOf?: string;
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly asOf: string;
                        readonly version: number;
                        readonly effectiveFrom: string;
                        readonly latestVersion: number;
                        readonly document: components["schemas"]["PolicyDocument"];
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsSetPolicy: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                readonly "application/json": {
                    readonly document: components["schemas"]["PolicyDocumentInput"];
                    readonly effectiveFrom?: string;
                    readonly reason: string;
                };
            };
        };
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly version: number;
                        readonly recorded: boolean;
                        readonly effectiveFrom: string | null;
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 413: components["responses"]["ContentTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
    readonly opsPolicyHistory: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Default Response */
            readonly 200: {
                headers: {
                    readonly [name: string]: unknown;
                };
                content: {
                    readonly "application/json": {
                        readonly versions: readonly {
                            readonly version: number;
                            readonly effectiveFrom: string;
                            readonly author: string;
                            readonly reason: string;
                            readonly changedAt: string;
                        }[];
                    };
                };
            };
            readonly 401: components["responses"]["Unauthenticated"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 431: components["responses"]["HeadersTooLarge"];
            readonly 503: components["responses"]["Unavailable"];
        };
    };
}
