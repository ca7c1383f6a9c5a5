package dev.rivulet.base;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Any {@code /api/**} path nothing else maps: a 404 problem instead of the browser UI's index page,
 * which the Vaadin servlet would otherwise serve for every unknown path.
 */
@RestController
class ApiFallbackController {

    @RequestMapping("/api/**")
    void unknown() {
        throw new NotFoundException("There is no such API endpoint. See docs/api.md for the list.");
    }
}
