"""Live blogs: small named recognisers for titles, datelines, times, dates, zones and headings."""
