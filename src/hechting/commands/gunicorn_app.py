from typing import Any

from gunicorn.app.base import BaseApplication


class _Hechting(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from hechting.web.wsgi import application

        return application


def serve_gunicorn(*, bind: str, workers: int, threads: int, trusted_proxies: list[str]) -> None:
    _Hechting(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            # The app (and the psychometric model warmed up in `prepare`) loads once, then forks.
            "preload_app": True,
            # gunicorn trusts 127.0.0.1 by default; we trust exactly what was configured.
            "forwarded_allow_ips": ",".join(trusted_proxies),
            "accesslog": None,
            "errorlog": "-",
        }
    ).run()
