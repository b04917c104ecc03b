package io.countersign.embedded.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Gives a test class the shared embedded stack; parameters of type EmbeddedStack or Endpoints are injected. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CountersignStackExtension.class)
public @interface WithCountersignStack {
}
