package com.auroracdc.internal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void ident_whenNameIsHostile_quotesItWhole() {
        assertThat(Sql.ident("a\"b; DROP TABLE x; --")).isEqualTo("\"a\"\"b; DROP TABLE x; --\"");
        assertThat(Sql.ident("Mixed Case")).isEqualTo("\"Mixed Case\"");
        assertThat(Sql.ident("ταβλέ")).isEqualTo("\"ταβλέ\"");
        assertThat(new QualifiedName("s\"", "t").sql()).isEqualTo("\"s\"\"\".\"t\"");
    }

    @Test
    void ident_whenNameIsTooLongOrHasNul_refusesIt() {
        assertThatThrownBy(() -> Sql.ident("é".repeat(32))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> Sql.ident("a\0b")).isInstanceOf(InvalidSettingException.class);
        assertThat(Sql.ident("t".repeat(63))).hasSize(65);
    }

    @Test
    void literal_whenTextHasQuotes_doublesThem() {
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void qualifiedNameToString_whenPlain_isBareElseQuoted() {
        assertThat(new QualifiedName("public", "orders")).hasToString("public.orders");
        assertThat(new QualifiedName("Sales", "order \"x\"")).hasToString("\"Sales\".\"order \"\"x\"\"\"");
    }
}
