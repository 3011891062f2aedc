"""EC2 Query protocol on the wire, driven by botocore's service model (the authority on names).

parse_params() turns a form body into the nested dict botocore would have serialized it from,
rejecting parameters the model does not know (UnknownParameter) and missing required ones
(MissingParameter), exactly as EC2 does. to_xml() renders an operation's result dict (keyed by
botocore member names) as the XML document EC2 returns.
"""
import base64
import json
import re
from xml.sax.saxutils import escape

MODEL_PATH = '/usr/lib/python3/dist-packages/botocore/data/ec2/2016-11-15/service-2.json'
XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/'


class ApiError(Exception):
    """An EC2 error response: code, message and HTTP status."""

    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class Model:
    def __init__(self, path=MODEL_PATH):
        with open(path) as f:
            self.raw = json.load(f)
        self.shapes = self.raw['shapes']
        self.operations = self.raw['operations']

    # ---- requests -------------------------------------------------------------------------
    @staticmethod
    def _query_name(name, member):
        if 'queryName' in member:
            return member['queryName']
        if 'locationName' in member:
            loc = member['locationName']
            return loc[0].upper() + loc[1:]
        return name

    def parse_params(self, action, params):
        """params: dict of flat form fields (Action and Version removed)."""
        op = self.operations.get(action)
        if op is None:
            raise ApiError('InvalidAction', 'The action %s is not valid for this web service.' % action)
        used = set()
        shape = op.get('input', {}).get('shape')
        result = self._parse_struct(shape, '', params, used) if shape else {}
        unknown = sorted(set(params) - used)
        if unknown:
            raise ApiError('UnknownParameter', 'The parameter %s is not recognized' % unknown[0])
        return result or {}

    def _parse_value(self, shape_name, key, params, used):
        shape = self.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            if not any(k.startswith(key + '.') for k in params):
                return None
            return self._parse_struct(shape_name, key + '.', params, used)
        if kind == 'list':
            member = shape['member']
            items = []
            indexes = set()
            pat = re.compile(re.escape(key) + r'\.(\d+)(?:\.|$)')
            for k in params:
                m = pat.match(k)
                if m:
                    indexes.add(int(m.group(1)))
            for i in sorted(indexes):
                v = self._parse_value(member['shape'], '%s.%d' % (key, i), params, used)
                if v is not None:
                    items.append(v)
            return items if indexes else None
        if key not in params:
            return None
        used.add(key)
        text = params[key]
        if kind in ('integer', 'long'):
            try:
                return int(text)
            except ValueError:
                raise ApiError('InvalidParameterValue', 'Invalid value \'%s\' for %s' % (text, key))
        if kind == 'boolean':
            return text.lower() == 'true'
        if kind in ('double', 'float'):
            return float(text)
        if kind == 'blob':
            try:
                return base64.b64decode(text, validate=True)
            except Exception:
                raise ApiError('InvalidParameterValue', 'Value for %s is not valid base64' % key)
        return text

    def _parse_struct(self, shape_name, prefix, params, used):
        shape = self.shapes[shape_name]
        out = {}
        for name, member in shape.get('members', {}).items():
            v = self._parse_value(member['shape'], prefix + self._query_name(name, member), params, used)
            if v is not None:
                out[name] = v
        for req in shape.get('required', []):
            if req not in out:
                raise ApiError('MissingParameter',
                               'The request must contain the parameter %s' % (prefix + req))
        return out

    # ---- responses ------------------------------------------------------------------------
    def to_xml(self, action, request_id, result):
        op = self.operations[action]
        root = action + 'Response'
        body = ['<?xml version="1.0" encoding="UTF-8"?>\n<%s xmlns="%s">' % (root, XMLNS),
                '<requestId>%s</requestId>' % request_id]
        shape = op.get('output', {}).get('shape')
        if shape:
            body.append(self._render_struct(shape, result or {}))
        else:
            body.append('<return>true</return>')
        body.append('</%s>' % root)
        return ''.join(body)

    def _render_struct(self, shape_name, value):
        members = self.shapes[shape_name].get('members', {})
        parts = []
        for name, v in value.items():
            if name not in members:
                raise KeyError('%s has no member %s' % (shape_name, name))
            if v is None:
                continue
            m = members[name]
            tag = m.get('locationName', name[0].lower() + name[1:])
            parts.append('<%s>%s</%s>' % (tag, self._render(m['shape'], v), tag))
        return ''.join(parts)

    def _render(self, shape_name, value):
        shape = self.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            return self._render_struct(shape_name, value)
        if kind == 'list':
            tag = shape['member'].get('locationName', 'item')
            return ''.join('<%s>%s</%s>' % (tag, self._render(shape['member']['shape'], v), tag)
                           for v in value)
        if kind == 'boolean':
            return 'true' if value else 'false'
        if kind == 'blob':
            return base64.b64encode(value).decode()
        return escape(str(value))


def error_xml(code, message, request_id):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>%s</Code>'
            '<Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>'
            % (escape(code), escape(message), request_id))
