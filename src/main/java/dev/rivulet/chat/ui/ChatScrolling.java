package dev.rivulet.chat.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;

/**
 * Browser-side behaviour of the message list, run once per attach through {@code executeJs} (no custom
 * frontend bundle): it follows the answer as it grows, stops following when the person scrolls up,
 * and shows "Jump to latest" until they are back at the end. Code blocks get syntax highlighting
 * (highlight.js, when loaded) and a copy button. All of it happens in the browser: scrolling and
 * highlighting never cost a server round-trip.
 */
final class ChatScrolling {

    private ChatScrolling() {
    }

    static Button jumpButton() {
        Button jump = new Button("Jump to latest", VaadinIcon.ARROW_DOWN.create());
        jump.setId("jump-to-latest");
        jump.addClassName("rivulet-jump");
        jump.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        jump.getElement().setAttribute("hidden", true);
        return jump;
    }

    /** Installs the behaviour on the list (a {@code vaadin-message-list}) and its jump button. */
    static void install(Component list, Button jump) {
        list.getElement().executeJs(SCRIPT, jump.getElement());
    }

    private static final String SCRIPT = """
            const list = this, jump = $0;
            if (list.__rivulet) { return; }
            const state = list.__rivulet = { follow: true, pending: false };
            const nearEnd = () => list.scrollHeight - list.clientHeight - list.scrollTop < 48;
            const toEnd = () => { list.scrollTop = list.scrollHeight; };
            list.addEventListener('scroll', () => {
              state.follow = nearEnd();
              jump.hidden = state.follow;
            }, { passive: true });
            jump.addEventListener('click', () => {
              state.follow = true;
              jump.hidden = true;
              toEnd();
              list.focus && list.focus({ preventScroll: true });
            });
            const decorate = () => {
              list.querySelectorAll('pre > code').forEach(code => {
                const pre = code.parentElement;
                if (window.hljs && !code.classList.contains('hljs')) {
                  try { window.hljs.highlightElement(code); } catch (e) { /* plain text stays readable */ }
                }
                if (!pre.querySelector(':scope > .rivulet-copy-code')) {
                  const button = document.createElement('button');
                  button.type = 'button';
                  button.className = 'rivulet-copy-code';
                  button.textContent = 'Copy code';
                  button.addEventListener('click', () => {
                    const done = () => { button.textContent = 'Copied'; setTimeout(() => button.textContent = 'Copy code', 1500); };
                    if (navigator.clipboard) { navigator.clipboard.writeText(code.innerText).then(done, () => {}); }
                  });
                  pre.appendChild(button);
                }
              });
            };
            new MutationObserver(() => {
              if (state.pending) { return; }
              state.pending = true;
              requestAnimationFrame(() => {
                state.pending = false;
                decorate();
                if (state.follow) { toEnd(); } else { jump.hidden = nearEnd(); }
              });
            }).observe(list, { childList: true, subtree: true, characterData: true });
            decorate();
            toEnd();
            // highlight.js may arrive after the first messages: decorate again once it is there.
            let tries = 0;
            const whenHighlighter = () => {
              if (window.hljs) { decorate(); } else if (tries++ < 40) { setTimeout(whenHighlighter, 250); }
            };
            whenHighlighter();
            """;
}
