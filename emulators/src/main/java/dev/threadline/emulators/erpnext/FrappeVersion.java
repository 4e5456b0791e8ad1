package dev.threadline.emulators.erpnext;

/** The Frappe major version whose small differences the fake shows (erpnext.md §12). */
public enum FrappeVersion { V14, V15 }
