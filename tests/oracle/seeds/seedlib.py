"""The Python side of the seed ports: the same cell markers and display rules as
examples/seeds/notebook.ts, with IPython's own pretty printer as the display."""
from IPython.lib.pretty import pretty


def cell(label):
    print(f'#### {label}')


def show(value):
    print(pretty(value))


def show_error(fn):
    try:
        fn()
        print('(no error)')
    except Exception as e:  # noqa: BLE001 - print PyTorch's message whatever the class
        print(f'RuntimeError: {e}')
