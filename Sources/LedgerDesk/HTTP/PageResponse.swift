import HTTPTypes
import Hummingbird
import NIOCore

/// Responses the desk sends: HTML pages, redirects after a form, downloads, JSON for the page's script.
enum PageResponse {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: the browser then GETs `location`, so reloading does not send the form again.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func download(_ bytes: [UInt8], contentType: String, fileName: String) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
