"""Static assets (CSS, JavaScript) inlined into the HTML review pages."""
