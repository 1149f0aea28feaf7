"""Running actions at the same moment in threads, each with its own database connection (PostgreSQL tests)."""

import threading

from django.db import connections


def run_at_once(actions) -> list[BaseException]:
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def worker(action):
        try:
            barrier.wait()
            action()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors
