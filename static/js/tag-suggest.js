'use strict';
// Existing tags offered while typing in the story's tag field: the part after the last
// comma is looked up (admin/taggit/tag/suggest/), and each suggestion completes the
// field as typed so far. A native <datalist>: keyboard and screen readers as usual.
{
    function setUp(input) {
        const list = document.createElement('datalist');
        list.id = input.id + '-suggestions';
        input.after(list);
        input.setAttribute('list', list.id);
        let timer = null;
        let asked = '';
        input.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(async () => {
                const cut = input.value.lastIndexOf(',');
                const before = cut < 0 ? '' : input.value.slice(0, cut + 1) + ' ';
                const typed = input.value.slice(cut + 1).trim();
                if (typed.length < 2 || typed === asked) {
                    return;
                }
                asked = typed;
                const url = new URL(input.dataset.suggestUrl, window.location.href);
                url.searchParams.set('q', typed);
                try {
                    const response = await fetch(url, {credentials: 'same-origin'});
                    if (!response.ok) {
                        return;
                    }
                    const data = await response.json();
                    list.replaceChildren(...data.results.map((name) => {
                        const option = document.createElement('option');
                        option.value = before.trimStart() + name;
                        return option;
                    }));
                } catch (error) {
                    // No suggestions offline: the field works as a plain text field.
                }
            }, 200);
        });
    }
    document.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('input[data-suggest-url]').forEach(setUp);
    });
}
