package io.countersign.contracts.ids;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetUriTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            pg://crm/customers                        | pg://crm/customers
            PG://CRM/customers/                       | pg://crm/customers
            pg://crm//customers                       | pg://crm/customers
            pg://crm/Customers                        | pg://crm/customers
            pg://crm:5432/customers                   | pg://crm/customers
            pg://crm:05432/customers                  | pg://crm/customers
            pg://crm:6543/customers                   | pg://crm:6543/customers
            postgres://db:5432/crm.public.customers   | pg://db/crm.public.customers
            postgresql://DB/CRM.Public.Customers      | pg://db/crm.public.customers
            pg://crm/%63ustomers                      | pg://crm/customers
            pg://crm/./archive/../customers           | pg://crm/customers
            pg://crm/a/%2E%2E/customers/x/%2e%2e      | pg://crm/customers
            pg://crm/customers?sslmode=require        | pg://crm/customers
            pg://crm/customers#section                | pg://crm/customers
            pg://crm./customers                       | pg://crm/customers
            pg://ｃｒｍ/ｃｕｓｔｏｍｅｒｓ              | pg://crm/customers
            pg://crm/STRASSE                          | pg://crm/strasse
            pg://crm/Straße                           | pg://crm/strasse
            pg://crm/%E1%BA%9E                        | pg://crm/ss
            mysql://db:3306/Shop/Orders               | mysql://db/shop/orders
            mariadb://db/shop/orders                  | mysql://db/shop/orders
            snowflake://ACME-prod/DB/PUBLIC/ORDERS    | snowflake://acme-prod/db/public/orders
            s3://Bucket/Reports/Q3.csv                | s3://bucket/Reports/Q3.csv
            s3a://bucket/Reports//Q3.csv/             | s3://bucket/Reports/Q3.csv
            s3://bucket/my%20file.csv                 | s3://bucket/my%20file.csv
            s3://bucket/caf%c3%a9                     | s3://bucket/caf%C3%A9
            s3://bucket/café                          | s3://bucket/caf%C3%A9
            s3://bucket/cafe%CC%81                    | s3://bucket/caf%C3%A9
            s3://bucket/a%25b                         | s3://bucket/a%25b
            s3://bucket/data?versionId=3              | s3://bucket/data
            gcs://lake/Claims                         | gs://lake/Claims
            bigquery://proj/Sales.Orders              | bigquery://proj/Sales.Orders
            hdfs://nn:8020/warehouse/T                | hdfs://nn/warehouse/T
            hdfs:///warehouse/t                       | hdfs:///warehouse/t
            file:/data/Export.csv                     | file:///data/Export.csv
            file://localhost/data/Export.csv          | file:///data/Export.csv
            HTTPS://Example.COM:443/Export/           | https://example.com/Export
            http://example.com:80/a                   | http://example.com/a
            http://example.com:8080/a                 | http://example.com:8080/a
            https://bücher.example/Katalog            | https://xn--bcher-kva.example/Katalog
            https://xn--bcher-kva.example/Katalog     | https://xn--bcher-kva.example/Katalog
            https://[2001:DB8::1]:8443/x              | https://[2001:db8::1]:8443/x
            vault://Prod/Keys                         | vault://prod/Keys
            arn:aws:s3:::bucket/Key                   | arn:aws:s3:::bucket/Key
            URN:isbn:123                              | urn:isbn:123
            """)
    void canonicalForms(String spelling, String canonical) {
        assertThat(DatasetUri.parse(spelling).value()).isEqualTo(canonical);
        assertThat(DatasetUri.parse(canonical).value()).as("a canonical URI parses to itself").isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pg://crm/cu%00stomers                  | control character
            pg://crm/cu\u0000stomers               | control character
            pg://crm/customers%0A                  | control character
            pg://crm/cust\u200Bomers               | invisible
            pg://crm/cust\u202Eomers               | invisible
            pg://crm/cust omers                    | whitespace
            pg://crm/cust%C2%A0omers%20            | space
            s3://bucket/%20leading                 | space
            pg://сrm/customers                     | mixes scripts
            https://exаmple.com/x                  | mixes scripts
            https://xn--exmple-4nf.com/x           | mixes scripts
            pg://admin:hunter2@crm/customers       | user info
            pg://admin@crm/customers               | user info
            pg://crm%40evil/customers              | host may hold only
            pg://crm/a%2Fb                         | encoded '/'
            pg://crm/a%5Cb                         | encoded '/'
            pg://crm/a\\b                          | encoded '/'
            pg://crm/../../etc                     | climbs above
            pg://crm/%2e%2e                        | climbs above
            pg://crm/cu%zzstomers                  | two hex digits
            pg://crm/cu%C3stomers                  | not UTF-8
            pg://crm:99999/customers               | port
            pg://crm:54x/customers                 | port
            pg:crm/customers                       | authority
            crm/orders                             | no scheme
            pg://                                  | neither a host nor a path
            file:/crm/..                           | neither a host nor a path
            file:/                                 | neither a host nor a path
            pg://[::1%25eth0]/x                    | IPv6
            """)
    void refusals(String spelling, String reason) {
        assertThatThrownBy(() -> DatasetUri.parse(spelling))
                .isInstanceOf(InvalidDatasetUriException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).as("never echoes the URI").doesNotContain(spelling));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " pg://crm/customers", "pg://crm/customers\n"})
    void blankOrPaddedIsRefused(String spelling) {
        assertThatThrownBy(() -> DatasetUri.parse(spelling)).isInstanceOf(InvalidDatasetUriException.class);
    }

    @org.junit.jupiter.api.Test
    void tooLongAndNullAreRefused() {
        assertThatThrownBy(() -> DatasetUri.parse(null)).isInstanceOf(InvalidDatasetUriException.class);
        assertThatThrownBy(() -> DatasetUri.parse("s3://b/" + "k".repeat(DatasetUri.MAX_LENGTH)))
                .isInstanceOf(InvalidDatasetUriException.class).hasMessageContaining("longer than");
        assertThat(DatasetUri.canonicalOrRaw("pg://crm/cu%00stomers")).isEqualTo("pg://crm/cu%00stomers");
        assertThat(DatasetUri.canonicalOrRaw("PG://crm/customers")).isEqualTo("pg://crm/customers");
        assertThat(DatasetUri.parse("PG://crm/x")).isEqualTo(DatasetUri.parse("pg://CRM/x/")).hasToString("pg://crm/x");
    }
}
