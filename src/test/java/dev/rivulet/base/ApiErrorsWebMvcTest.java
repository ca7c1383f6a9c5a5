package dev.rivulet.base;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error the API's controllers raise becomes RFC 9457 problem details a person can act on, in a
 * web slice with only the base module's handler and fallback (no security filters, no database): the
 * status, the title, the detail, Retry-After on a 429, and no stack trace or exception text on a 500.
 */
@WebMvcTest(useDefaultFilters = false, includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
        classes = {ApiExceptionHandler.class, ApiFallbackController.class}))
@AutoConfigureMockMvc(addFilters = false)
@Import(ApiErrorsWebMvcTest.Failing.class)
class ApiErrorsWebMvcTest {

    @Autowired
    MockMvc mvc;

    @Test
    void eachErrorTypeIsAProblemWithItsStatusTitleAndDetail() throws Exception {
        problem(get("/api/test/not-found"), 404, "Not found", "No such conversation.");
        problem(get("/api/test/invalid"), 400, "Invalid input", "'content' must not be empty.");
        problem(get("/api/test/illegal"), 400, "Invalid input", "temperature must be between 0 and 2.");
        problem(get("/api/test/conflict"), 409, "Conflict", "An answer is already being written.");
        problem(get("/api/test/unavailable"), 503, "Service unavailable", "The server is shutting down.");
        problem(get("/api/test/too-many"), 429, "Too many requests", "Your limit is 2 messages a minute.")
                .andExpect(header().string("Retry-After", "42"));
    }

    @Test
    void anUnexpectedFailureSaysNothingWasLostAndShowsNoInternals() throws Exception {
        problem(get("/api/test/unexpected"), 500, "Internal error", "Something went wrong on the server.")
                .andExpect(content().string(Matchers.not(Matchers.containsString("secret internal state"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Exception"))));
    }

    @Test
    void malformedBodiesWrongTypesAndUnknownPathsAreProblemsToo() throws Exception {
        problem(post("/api/test/body").contentType(MediaType.APPLICATION_JSON).content("{\"content\": "), 400,
                "Malformed request body", "");
        problem(get("/api/test/conversations/not-a-uuid"), 400, "Invalid parameter",
                "'id' must be a UUID (an id such as");
        problem(get("/api/no/such/endpoint"), 404, "Not found", "There is no such API endpoint.");
    }

    private ResultActions problem(RequestBuilder request, int status,
            String title, String detailStart) throws Exception {
        return mvc.perform(request).andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status)).andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.detail").value(Matchers.startsWith(detailStart)));
    }

    /** Raises each of the errors the real controllers raise. */
    @RestController
    static class Failing {

        record Body(String content) {
        }

        @GetMapping("/api/test/not-found")
        void notFound() {
            throw new NotFoundException("No such conversation.");
        }

        @GetMapping("/api/test/invalid")
        void invalid() {
            throw new InvalidInputException("'content' must not be empty.");
        }

        @GetMapping("/api/test/illegal")
        void illegal() {
            throw new IllegalArgumentException("temperature must be between 0 and 2.");
        }

        @GetMapping("/api/test/conflict")
        void conflict() {
            throw new ConflictException("An answer is already being written.");
        }

        @GetMapping("/api/test/unavailable")
        void unavailable() {
            throw new ServiceUnavailableException("The server is shutting down.");
        }

        @GetMapping("/api/test/too-many")
        void tooMany() {
            throw new TooManyRequestsException("Your limit is 2 messages a minute.", Duration.ofSeconds(42));
        }

        @GetMapping("/api/test/unexpected")
        void unexpected() {
            throw new IllegalStateException("secret internal state");
        }

        @PostMapping("/api/test/body")
        void body(@RequestBody Body body) {
        }

        @GetMapping("/api/test/conversations/{id}")
        void conversation(@PathVariable UUID id) {
        }
    }
}
