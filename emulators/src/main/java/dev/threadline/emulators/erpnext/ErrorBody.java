package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds Frappe's v1 error envelope (erpnext.md §5.1, {@code frappe/utils/response.py report_error}).
 *
 * <ul>
 *   <li>{@code exception}: the last traceback line; only with {@code allow_error_traceback} and
 *       never for 404.</li>
 *   <li>{@code exc_type}: the class name; always in v15, in v14 only for throw/msgprint raises.</li>
 *   <li>{@code exc}: a <em>string</em> holding a JSON array of traceback strings (same condition as
 *       {@code exception}).</li>
 *   <li>{@code _server_messages}: a string holding a JSON array of strings, each holding one
 *       message object: {@code json.dumps([json.dumps(m) for m in message_log])}, with Python's
 *       separators.</li>
 *   <li>{@code _error_message}: set by permission checks.</li>
 * </ul>
 */
final class ErrorBody {

    private ErrorBody() {}

    static ObjectNode of(FrappeException e, ErpNextOptions options) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        boolean traceback = options.tracebacks() && e.status != 404;
        if (traceback) {
            body.put("exception", e.exceptionLine());
        }
        if (options.version() == FrappeVersion.V15 || e.viaMsgprint) {
            body.put("exc_type", e.excType);
        }
        if (traceback) {
            body.put("exc", PythonJson.dumps(List.of(traceback(e))));
        }
        if (!e.messages.isEmpty()) {
            List<Object> encoded = new ArrayList<>();
            for (Map<String, Object> m : e.messages) {
                Map<String, Object> message = m;
                if (options.version() == FrappeVersion.V14 && m.containsKey("__frappe_exc_id")) {
                    message = new java.util.LinkedHashMap<>(m);
                    message.remove("__frappe_exc_id");
                }
                encoded.add(PythonJson.dumps(message));
            }
            body.put("_server_messages", PythonJson.dumps(encoded));
        }
        if (e.errorMessage != null) {
            body.put("_error_message", e.errorMessage);
        }
        return body;
    }

    /** The page Frappe renders instead when the client asked for HTML ({@code Accept: text/...}). */
    static String html(FrappeException e) {
        return "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>" + e.status + " "
                + Html.escape(e.excType) + "</h1><p>" + Html.escape(e.args) + "</p></body></html>";
    }

    /** What nginx in front of Frappe answers when gunicorn is down or slow (502/504). */
    static String proxyPage(int status) {
        String reason = switch (status) {
            case 502 -> "502 Bad Gateway";
            case 504 -> "504 Gateway Time-out";
            default -> status + " Error";
        };
        return "<html>\r\n<head><title>" + reason + "</title></head>\r\n<body>\r\n<center><h1>" + reason
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }

    private static String traceback(FrappeException e) {
        return "Traceback (most recent call last):\n"
                + "  File \"apps/frappe/frappe/app.py\", line 114, in application\n"
                + "    response = frappe.api.handle(request)\n"
                + "  (frames elided by ErpNextFake)\n"
                + e.exceptionLine() + "\n";
    }
}
