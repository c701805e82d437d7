"""Enterprise monitoring: periodic reports, support requests and expansion plans."""
