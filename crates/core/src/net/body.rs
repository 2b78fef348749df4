//! Reading a reply's body with a ceiling: a server may claim any `Content-Length`, or send
//! chunks with none, so the ceiling is checked against what it declares and again against what
//! arrives, and reading stops as soon as it is passed. Each client names its own limit and turns
//! [`BodyError`] into its own words.

/// Why a body was not read whole.
#[derive(Debug)]
pub enum BodyError {
    /// Larger than the limit: `size` is what the server declared, or what had arrived when the
    /// limit was passed.
    TooLarge { size: u64 },
    /// The transfer broke off or timed out.
    Broken(reqwest::Error),
}

/// The whole body of `response`, refused as soon as it is known to pass `limit` bytes.
pub async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, BodyError> {
    if let Some(size) = response.content_length().filter(|size| *size > limit) {
        return Err(BodyError::TooLarge { size });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Broken)? {
        let size = (body.len() + chunk.len()) as u64;
        if size > limit {
            return Err(BodyError::TooLarge { size });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Serves one raw HTTP reply on loopback and reads its body with `limit`.
    fn read(reply: &'static [u8], limit: u64) -> Result<Vec<u8>, BodyError> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request).unwrap();
            stream.write_all(reply).unwrap();
        });
        crate::net::install_crypto_provider();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let result = runtime.block_on(async {
            let response = reqwest::Client::new()
                .get(format!("http://{address}/"))
                .send()
                .await
                .unwrap();
            read_capped(response, limit).await
        });
        server.join().unwrap();
        result
    }

    #[test]
    fn a_body_up_to_the_limit_is_read_whole() {
        let body = read(
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789",
            10,
        )
        .unwrap();
        assert_eq!(body, b"0123456789");
    }

    #[test]
    fn a_declared_size_over_the_limit_is_refused_before_reading() {
        match read(
            b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n0123456789A",
            10,
        ) {
            Err(BodyError::TooLarge { size }) => assert_eq!(size, 11),
            other => panic!("expected too large, got {other:?}"),
        }
    }

    #[test]
    fn an_undeclared_body_is_stopped_when_it_passes_the_limit() {
        // Chunked: no Content-Length to go by. 6 + 5 bytes arrive; the limit is 10.
        let reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n6789A\r\n0\r\n\r\n";
        match read(reply, 10) {
            Err(BodyError::TooLarge { size }) => assert!(size > 10, "{size}"),
            other => panic!("expected too large, got {other:?}"),
        }
        let within = read(reply, 11).unwrap();
        assert_eq!(within, b"0123456789A");
    }

    #[test]
    fn a_body_cut_short_is_broken_not_short() {
        match read(
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n01234",
            100,
        ) {
            Err(BodyError::Broken(_)) => {}
            other => panic!("expected a broken transfer, got {other:?}"),
        }
    }
}
