package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PostgreSQL's naming rules as the tables setting reads them: folding, quoting, and the 63-byte limit. */
class TablePatternTest {
    @Test
    void parse_whenBareNames_foldsThemToLowerCase() {
        assertThat(TablePattern.parse("Sales.Orders")).isEqualTo(TablePattern.table("sales", "orders"));
        assertThat(TablePattern.parse("Sales.*")).isEqualTo(TablePattern.schema("sales"));
        assertThat(TablePattern.parse("*")).isEqualTo(TablePattern.allTables());
    }

    @Test
    void parse_whenQuotedNames_keepsTheirSpellingDotsAndDoubledQuotes() {
        assertThat(TablePattern.parse("\"Sales\".\"Order \"\"2024\"\"\"")).isEqualTo(TablePattern.table("Sales", "Order \"2024\""));
        assertThat(TablePattern.parse("\"a.b\".\"c\"")).isEqualTo(TablePattern.table("a.b", "c"));
        assertThat(TablePattern.parse("\"\"\"x\".t")).isEqualTo(TablePattern.table("\"x", "t"));
    }

    @Test
    void parse_whenAQuotedNameIsEmpty_refusesSayingSo() {
        for (String text : new String[] {"\"\".orders", "public.\"\"", "\"\".*"}) {
            assertThatThrownBy(() -> TablePattern.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + text + "' has an empty or invalid quoted name");
        }
    }

    @Test
    void parse_whenAQuotedNameHoldsNul_refuses() {
        for (String text : new String[] {"\"\0orders\".t", "s.\"ord\0ers\""}) {
            assertThatThrownBy(() -> TablePattern.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has an empty or invalid quoted name");
        }
    }

    @Test
    void parse_whenANameIsLongerThan63Bytes_refuses_countingBytesNotCharacters() {
        String longest = "é".repeat(31) + "a"; // 63 bytes in UTF-8
        assertThat(TablePattern.parse("public.\"" + longest + "\"").table()).isEqualTo(longest);
        assertThat(TablePattern.parse("public." + "t".repeat(63)).table()).hasSize(63);

        assertThatThrownBy(() -> TablePattern.parse("public.\"" + "é".repeat(32) + "\""))
                .hasMessageContaining("a name is longer than PostgreSQL's 63 bytes");
        assertThatThrownBy(() -> TablePattern.parse("public." + "t".repeat(64)))
                .hasMessageContaining("a name is longer than PostgreSQL's 63 bytes");
    }

    @Test
    void parse_whenMalformed_saysWhy() {
        assertThatThrownBy(() -> TablePattern.parse("\"open.t")).hasMessage("'\"open.t' has an unclosed double quote");
        assertThatThrownBy(() -> TablePattern.parse("a.b.c")).hasMessage("'a.b.c' is not schema.table, schema.* or *");
        assertThatThrownBy(() -> TablePattern.parse("orders")).hasMessage("'orders' is not schema.table, schema.* or *");
        assertThatThrownBy(() -> TablePattern.parse("public.order-lines")).hasMessage("'public.order-lines': 'order-lines'"
                + " is not a plain name (letters, digits, _ and $); put other names in double quotes");
    }

    @Test
    void toString_quotesOnlyWhatABareNameCannotSay() {
        assertThat(TablePattern.table("public", "orders$1")).hasToString("public.orders$1");
        assertThat(TablePattern.table("Sales", "a\"b")).hasToString("\"Sales\".\"a\"\"b\"");
        assertThat(TablePattern.schema("x y")).hasToString("\"x y\".*");
    }
}
