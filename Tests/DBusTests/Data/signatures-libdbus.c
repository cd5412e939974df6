/* Classifies signatures with libdbus, the reference implementation.
 * Reads one signature per line on stdin; writes "signature<TAB>valid<TAB>single<TAB>libdbus message".
 * Built and run by make-signatures-table.py. */
#include <dbus/dbus.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        DBusError error;
        dbus_error_init(&error);
        dbus_bool_t valid = dbus_signature_validate(line, &error);
        const char *message = dbus_error_is_set(&error) ? error.message : "";
        dbus_bool_t single = dbus_signature_validate_single(line, NULL);
        printf("%s\t%s\t%s\t%s\n", line, valid ? "yes" : "no", single ? "yes" : "no", message);
        dbus_error_free(&error);
    }
    return 0;
}
