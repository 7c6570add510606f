'use strict';
// The admin's slug pre-fill (Django's URLify, admin/js/urlify.js) made French, as the
// server's slug function does (newsroom/slugs.py): "Vœux du maire" gives
// "voeux-du-maire", "l’école" gives "l-ecole", « » are dropped. Loaded after
// urlify.js; prepopulate.js looks URLify up each time it fills a slug.
{
    const django = window.URLify;
    const LETTERS = {'œ': 'oe', 'Œ': 'OE', 'æ': 'ae', 'Æ': 'AE'};
    if (typeof django === 'function') {
        window.URLify = function(s, numChars, allowUnicode) {
            const french = String(s)
                .replace(/[œŒæÆ]/g, (letter) => LETTERS[letter])
                .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
                .replace(/['’‘‛ʼ«»‹›“”„"–—‐‑]+/g, ' ');
            return django(french, numChars, allowUnicode);
        };
    }
}
