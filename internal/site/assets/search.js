// search.js: placeholder
