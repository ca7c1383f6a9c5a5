package dev.rivulet.apidocs;

import io.swagger.v3.oas.models.media.Schema;
import java.util.List;

/** JSON Schemas written by hand (OpenAPI 3.1 takes JSON Schema 2020-12: a type is a set of names). */
final class ProblemSchemas {

    private ProblemSchemas() {
    }

    /** A schema of one type, written so that both the 3.0 ({@code type}) and 3.1 ({@code types}) serializers see it. */
    static Schema<Object> type(String type) {
        Schema<Object> schema = new Schema<>();
        schema.setType(type);
        schema.addType(type);
        return schema;
    }

    static Schema<Object> type(String type, String description) {
        return type(type).description(description);
    }

    static Schema<Object> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    static Schema<Object> enumOf(String description, String... values) {
        Schema<Object> schema = type("string", description);
        schema.setEnum(List.of((Object[]) values));
        return schema;
    }

    /** RFC 9457 problem details, as {@code base.ApiExceptionHandler} writes them. */
    static Schema<Object> problemDetail() {
        return type("object", "RFC 9457 problem details (application/problem+json)")
                .addProperty("type", type("string", "A URI for the kind of problem; about:blank unless said").format("uri"))
                .addProperty("title", type("string", "A short summary, e.g. \"Invalid input\""))
                .addProperty("status", type("integer", "The HTTP status"))
                .addProperty("detail", type("string", "What went wrong, in a sentence a person can act on"))
                .addProperty("instance", type("string", "The request path").format("uri-reference"))
                .required(List.of("title", "status", "detail"));
    }
}
