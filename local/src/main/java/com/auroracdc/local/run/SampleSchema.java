package com.auroracdc.local.run;

import com.auroracdc.local.pg.EmbeddedCluster;

/** The embedded writer's application data: a small order system, one table without a primary key. */
final class SampleSchema {
    static final String DATABASE = "orders";

    private SampleSchema() {
    }

    static void create(EmbeddedCluster writer) {
        writer.createDatabase(DATABASE);
        writer.superuserIn(DATABASE,
                "CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES public.customers,"
                        + " total numeric(10,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE public.order_lines (order_id bigint NOT NULL, sku text NOT NULL, quantity int NOT NULL)",
                "CREATE SCHEMA billing",
                "CREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL, amount numeric(10,2))",
                "INSERT INTO public.customers VALUES (1, 'Ada'), (2, 'Grace')",
                "INSERT INTO public.orders (id, customer_id, total) VALUES (100, 1, 42.50), (101, 2, 7.00)",
                "INSERT INTO public.order_lines VALUES (100, 'SKU-1', 2), (100, 'SKU-2', 1), (101, 'SKU-3', 7)",
                "INSERT INTO billing.invoices VALUES (9000, 100, 42.50)");
    }
}
